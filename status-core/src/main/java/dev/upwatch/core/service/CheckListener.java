package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;

/** Receives every completed check from the {@link MonitorScheduler}. */
@FunctionalInterface
public interface CheckListener {

    /** {@code monitor} was checked and produced {@code sample}. */
    void checked(Monitor monitor, Sample sample);
}
