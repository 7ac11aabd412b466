package dev.upwatch.core.probe;

import dev.upwatch.core.model.InvalidSettingException;

import dev.upwatch.core.model.ProbeSettings;

import java.util.List;

/**
 * Service-provider interface for a probe type, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/dev.upwatch.core.probe.ProbeFactory}. This interface only
 * ever grows by {@code default} methods, so a probe written against an older version keeps working.
 *
 * <p>New factories implement {@link #create(ProbeSettings, ProbeEnvironment)} and reach the network only through the
 * environment: its policy-checked {@linkplain ProbeEnvironment#resolve resolve}, {@linkplain ProbeEnvironment#connect
 * connect} and {@linkplain ProbeEnvironment#openDatagram datagrams}. A factory written before the environment existed
 * implements only {@link #create(ProbeSettings)}; it keeps working, but its probes get no egress checks (they open
 * their own sockets, to any address, whatever the egress policy says), no engine clock and no push inbox.
 */
public interface ProbeFactory {

    /** The {@code type} name monitors use to select this probe, e.g. {@code http}; lower case, unique. */
    String type();

    /**
     * Validates {@code settings} and builds a probe without an environment. The engine never calls this for a factory
     * that implements {@link #create(ProbeSettings, ProbeEnvironment)}; such a factory may answer with a probe of
     * {@link ProbeEnvironment#offline()}, which refuses every connection.
     *
     * @throws InvalidSettingException naming the bad setting
     */
    Probe create(ProbeSettings settings);

    /**
     * Validates {@code settings} and builds a probe that reaches its target only through {@code environment}. Called
     * once per monitor when the configuration is loaded or a monitor changes, so that bad settings fail then rather
     * than at the first check. The default calls {@link #create(ProbeSettings)}, so an older factory keeps working —
     * without egress checks; implement this method in every new factory.
     *
     * @param environment the engine's egress-checked resolve and connect, its clock and its push inbox
     * @throws InvalidSettingException naming the bad setting
     */
    default Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        return create(settings);
    }

    /** Conditions applied when a monitor of this type configures none, e.g. {@code [STATUS] < 400} for HTTP. */
    default List<String> defaultConditions() {
        return List.of();
    }
}
