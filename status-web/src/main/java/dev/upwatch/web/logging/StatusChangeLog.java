package dev.upwatch.web.logging;

import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs exactly one line per status change, on logger {@code dev.upwatch.status}, with the fields {@code monitor},
 * {@code from}, {@code to} and {@code reason} (separate JSON fields in the JSON format).
 */
public final class StatusChangeLog implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("dev.upwatch.status");

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
}
