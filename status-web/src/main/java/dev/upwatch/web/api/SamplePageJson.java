package dev.upwatch.web.api;

import java.util.List;

/**
 * {@code GET /api/v1/services/{id}/samples}: one page of checks, oldest first.
 *
 * @param samples    the checks of this page
 * @param nextCursor opaque token for the next page ({@code ?cursor=}), or null on the last page
 */
public record SamplePageJson(List<SampleJson> samples, String nextCursor) {
}
