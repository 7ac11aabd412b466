package dev.upwatch.web.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The batch ids each agent used within the signature's tolerance: a batch whose id was seen is a replay and is refused.
 * Older ids need not be kept, since their timestamps no longer verify. Per node: a replay to another node of a cluster
 * passes this check, but its results are repeats and are not counted again ({@code AgentIntake}).
 */
final class SeenBatches {
    private final Clock clock;
    private final Duration keep;
    /** Agent token id + batch id → when it may be forgotten; in insertion order, so the oldest go first. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    SeenBatches(Clock clock, Duration tolerance) {
        this.clock = Objects.requireNonNull(clock, "clock");
        // A timestamp up to the tolerance in the future verifies until twice the tolerance from now.
        this.keep = tolerance.multipliedBy(2);
    }

    /** True the first time the agent {@code tokenId} uses {@code batchId}; false for a replay. */
    synchronized boolean first(String tokenId, String batchId) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isAfter(now)) {
                break;
            }
            it.remove();
        }
        return seen.putIfAbsent(tokenId.length() + ":" + tokenId + batchId, now.plus(keep)) == null;
    }
}
