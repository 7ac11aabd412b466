package dev.upwatch.persistence;

import dev.upwatch.core.model.LatencyBuckets;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code rollup.latency} column: a rollup's latency histogram as {@code index:checks} pairs, ascending by
 * {@link LatencyBuckets} index, separated by commas ({@code "57:3,58:12"}); {@code ""} when empty. Text rather than
 * packed bytes so that the migration that moved the histograms in (V38) is plain SQL on both databases; a typical
 * minute holds one or two pairs (4–12 characters).
 */
final class RollupHistogramText {
    private RollupHistogramText() {
    }

    /** The column value of {@code histogram} (non-negative counts; zero counts are left out). */
    static String encode(SortedMap<Integer, Long> histogram) {
        StringBuilder text = new StringBuilder(histogram.size() * 6);
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            if (bucket.getValue() == 0) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(bucket.getKey()).append(':').append(bucket.getValue());
        }
        return text.toString();
    }

    /**
     * The histogram in {@code text}, added into {@code into}.
     *
     * @throws IllegalStateException naming the column and the text when it is not of the form above
     */
    static TreeMap<Integer, Long> addTo(TreeMap<Integer, Long> into, String text) {
        if (text.isEmpty()) {
            return into;
        }
        int at = 0;
        while (at < text.length()) {
            int colon = text.indexOf(':', at);
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            if (colon < 0 || colon > end) {
                throw corrupt(text);
            }
            try {
                int index = Integer.parseInt(text, at, colon, 10);
                long checks = Long.parseLong(text, colon + 1, end, 10);
                LatencyBuckets.lowerMicros(index); // validates the index
                if (checks < 0) {
                    throw corrupt(text);
                }
                into.merge(index, checks, Long::sum);
            } catch (IllegalArgumentException e) {
                throw corrupt(text);
            }
            if (end == text.length() - 1) {
                throw corrupt(text); // a trailing comma
            }
            at = end + 1;
        }
        return into;
    }

    /** {@link #addTo} a new histogram. */
    static TreeMap<Integer, Long> decode(String text) {
        return addTo(new TreeMap<>(), text);
    }

    private static IllegalStateException corrupt(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new IllegalStateException("corrupt latency histogram in the rollup table: \"" + shown + "\"");
    }
}
