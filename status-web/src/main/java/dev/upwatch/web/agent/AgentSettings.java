package dev.upwatch.web.agent;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.probe.EgressPolicy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a remote agent runs ({@code upwatch agent ...}).
 *
 * @param server       the Upwatch server's public address, e.g. {@code https://status.example.com}
 * @param token        the agent token's secret ({@code upw_...}); never logged
 * @param location     the location the token is bound to
 * @param dataDirectory where the result buffer and the last assignment are kept
 * @param egress       the agent's own egress policy for its probes (the server's does not apply)
 * @param poll         how often the assignment is fetched (a conditional GET)
 * @param batchEvery   longest wait before results are sent
 * @param batchSize    most results per batch
 * @param bufferLimit  most bytes of undelivered results kept on disk; past it the oldest are given up
 */
public record AgentSettings(URI server, String token, Location location, Path dataDirectory, EgressPolicy egress,
                            Duration poll, Duration batchEvery, int batchSize, long bufferLimit) {
    /** Defaults: assignment every 30 s, results every 2 s or 200 at a time, 256 MiB of buffer. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BATCH_EVERY = Duration.ofSeconds(2);
    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final long DEFAULT_BUFFER_LIMIT = 256L << 20;

    public AgentSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(batchEvery, "batchEvery");
        if (batchSize < 1 || batchSize > AgentWire.MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be 1 to " + AgentWire.MAX_BATCH + ", got " + batchSize);
        }
    }

    @Override
    public String toString() {
        return "AgentSettings[server=" + server + ", token=***, location=" + location + ", dataDirectory=" + dataDirectory
                + ", egress=" + egress + ", poll=" + poll + ", batchEvery=" + batchEvery + ", batchSize=" + batchSize
                + ", bufferLimit=" + bufferLimit + "]";
    }
}
