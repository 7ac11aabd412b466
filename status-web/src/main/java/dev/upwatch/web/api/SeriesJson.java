package dev.upwatch.web.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/services/{id}/series}: checks in equal time buckets with response-time percentiles.
 *
 * @param id                monitor id
 * @param from              start of the first bucket
 * @param to                end of the range asked for
 * @param resolutionSeconds length of each bucket in seconds
 * @param buckets           the buckets, oldest first
 */
public record SeriesJson(String id, Instant from, Instant to, long resolutionSeconds, List<BucketJson> buckets) {

    /**
     * One bucket. Times are in milliseconds (microsecond precision) and null when the bucket has no checks.
     *
     * @param start    first instant of the bucket
     * @param count    decisive checks (errors on our side left out)
     * @param failures failed checks
     * @param minMs    fastest
     * @param maxMs    slowest
     * @param p50Ms    median
     * @param p95Ms    95th percentile (nearest rank)
     * @param p99Ms    99th percentile (nearest rank)
     */
    public record BucketJson(Instant start, long count, long failures, Double minMs, Double maxMs, Double p50Ms,
                             Double p95Ms, Double p99Ms) {
    }
}
