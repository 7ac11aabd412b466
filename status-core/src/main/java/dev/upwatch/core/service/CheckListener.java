package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;

/** Receives every completed check from the {@link MonitorScheduler} and judges it. */
@FunctionalInterface
public interface CheckListener {

    /**
     * {@code monitor} was checked and produced {@code sample}.
     *
     * @return the sample as recorded and whether to check again sooner (the scheduler keeps no count of its own)
     */
    CheckVerdict checked(Monitor monitor, Sample sample);
}
