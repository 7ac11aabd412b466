package dev.upwatch.core.definition;

import dev.upwatch.core.model.Sample;

import java.util.Map;
import java.util.Optional;

/**
 * In-port: checks a monitor definition once, before it is saved ("Check now" in the console), with the rules of
 * {@link MonitorDefinitions#validated} and through the engine's probe environment, so the egress policy applies as it
 * does to every scheduled check. Nothing is stored and no status changes.
 */
public interface CheckOnce {

    /**
     * The sample of one check of {@code definition}: outcome, response time, timing phases and each condition's
     * result.
     *
     * @param replacing the API monitor the definition would replace, whose stored secrets a masked value keeps
     * @throws dev.upwatch.core.config.InvalidConfigException for an invalid definition (every problem, by key)
     * @throws DefinitionRefused when the probe type cannot be checked once (a push monitor waits for its pushes) or
     *                           builds probes without the egress checks
     */
    Sample check(Map<String, Object> definition, Optional<String> replacing);
}
