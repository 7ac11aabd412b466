package dev.upwatch.web.logging;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs exactly one line per status change, on logger {@code dev.upwatch.status}, with the fields {@code monitor},
 * {@code from}, {@code to} and {@code reason} (separate JSON fields in the JSON format). Checks the egress policy
 * blocks change no status, so they are logged too: one warning when a monitor's checks start being blocked, and
 * one line when they no longer are.
 */
public final class StatusChangeLog implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("dev.upwatch.status");

    private final Set<MonitorId> blocked = ConcurrentHashMap.newKeySet();

    @Override
    public void statusChanged(StatusChange change) {
        LOG.atInfo()
                .addKeyValue("monitor", change.monitor().id().value())
                .addKeyValue("from", change.previous().wireName())
                .addKeyValue("to", change.current().wireName())
                .addKeyValue("reason", change.reason())
                .log("status of {}: {} -> {}", change.monitor().id().value(), change.previous().wireName(),
                        change.current().wireName());
    }

    @Override
    public void checked(Monitor monitor, Sample sample) {
        if (sample.outcome() == Outcome.BLOCKED && blocked.add(monitor.id())) {
            LOG.atWarn()
                    .addKeyValue("monitor", monitor.id().value())
                    .addKeyValue("reason", sample.error().orElse(""))
                    .log("checks of {} are blocked: {}", monitor.id().value(), sample.error().orElse(""));
        } else if (sample.outcome() != Outcome.BLOCKED && blocked.remove(monitor.id())) {
            LOG.atInfo()
                    .addKeyValue("monitor", monitor.id().value())
                    .log("checks of {} are no longer blocked", monitor.id().value());
        }
    }
}
