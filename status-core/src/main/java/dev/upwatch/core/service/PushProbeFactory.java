package dev.upwatch.core.service;

import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeOutcome;
import dev.upwatch.core.probe.ProbeSettings;

/**
 * The {@code push} monitor type, so that configurations can name it and have its settings ({@code token},
 * {@code grace}) validated. A push monitor is not probed: {@link UpwatchEngine} checks it from the pushes its
 * {@link PushRegistry} receives. The probe made here is used only outside an engine, where nothing receives
 * pushes, and says so.
 */
public final class PushProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return PushSettings.TYPE;
    }

    @Override
    public Probe create(ProbeSettings settings) {
        PushSettings.read(settings);
        return context -> ProbeOutcome.unreachable("a push monitor is checked from received pushes, not probed");
    }
}
