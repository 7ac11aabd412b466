package dev.upwatch.core.service;

import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;

/**
 * Builds {@code push} probes: a push (heartbeat) monitor is checked like any other, by a probe that reads the
 * monitor's latest push from the environment's {@link dev.upwatch.core.probe.PushInbox} instead of reaching out.
 * Settings: {@code token} and {@code grace} ({@link PushSettings}).
 */
public final class PushProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return PushSettings.TYPE;
    }

    /** A probe of the {@linkplain ProbeEnvironment#offline() offline environment}, where no push ever arrives. */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        return new PushProbe(PushSettings.read(settings), environment.pushInbox(), environment.clock());
    }
}
