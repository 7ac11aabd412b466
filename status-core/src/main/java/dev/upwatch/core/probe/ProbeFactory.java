package dev.upwatch.core.probe;

import java.util.List;

/**
 * Service-provider interface for a probe type, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/dev.upwatch.core.probe.ProbeFactory}. This interface only
 * ever grows by {@code default} methods, so a probe written against an older version keeps working.
 */
public interface ProbeFactory {

    /** The {@code type} name monitors use to select this probe, e.g. {@code http}; lower case, unique. */
    String type();

    /**
     * Validates {@code settings} and builds a probe. Called once when the configuration is loaded, so
     * that bad settings fail at start-up rather than at the first check.
     *
     * @throws InvalidSettingException naming the bad setting
     */
    Probe create(ProbeSettings settings);

    /** Conditions applied when a monitor of this type configures none, e.g. {@code [STATUS] < 400} for HTTP. */
    default List<String> defaultConditions() {
        return List.of();
    }
}
