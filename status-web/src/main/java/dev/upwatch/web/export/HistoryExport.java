package dev.upwatch.web.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.web.reader.CsvStream;
import dev.upwatch.web.reader.ExportFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes one monitor's stored samples or rollups over a range as CSV or JSON while the store streams them
 * ({@link SampleStore#forEachBetween}, {@link RollupQuery#forEachInSeries}): each row is written as it is read and
 * then forgotten, so a year of minute rollups costs no more memory than a minute of them. Times are microseconds
 * ({@code _us}) or ISO-8601 instants; the columns are listed in docs/api.md.
 */
public final class HistoryExport {
    /** Columns of a sample export. */
    static final List<String> SAMPLE_COLUMNS = List.of("started_at", "outcome", "response_time_us", "error");
    /** Columns of a rollup export. */
    static final List<String> ROLLUP_COLUMNS = List.of("start", "checks", "successes", "failures", "errors",
            "maintenance", "degraded", "down_ms", "response_min_us", "response_mean_us", "response_p50_us",
            "response_p95_us", "response_p99_us", "response_max_us");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final SampleStore samples;
    private final RollupQuery rollups;

    public HistoryExport(SampleStore samples, RollupQuery rollups) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
    }

    /** Writes the samples of {@code id} that started in {@code [from, to)}, oldest first; returns how many. */
    public long samples(MonitorId id, Instant from, Instant to, ExportFormat format, OutputStream out) {
        return write(format, out, SAMPLE_COLUMNS, Map.of("service", id.value(), "from", from.toString(),
                "to", to.toString()), "samples", row -> samples.forEachBetween(id, from, to, sample -> row.accept(
                        new Object[] {sample.startedAt(), sample.outcome().wireName(), micros(sample.responseTime()),
                                sample.error().orElse(null)})));
    }

    /** Writes the rollups of {@code id} at {@code tier} whose bucket starts in {@code [from, to)}; returns how many. */
    public long rollups(MonitorId id, RollupTier tier, Instant from, Instant to, ExportFormat format,
                        OutputStream out) {
        return write(format, out, ROLLUP_COLUMNS, Map.of("service", id.value(), "tier", tier.wireName(),
                "from", from.toString(), "to", to.toString()), "rollups",
                row -> rollups.forEachInSeries(id, tier, from, to, rollup -> row.accept(rollupRow(rollup))));
    }

    private static Object[] rollupRow(Rollup rollup) {
        var times = rollup.responseTimes();
        return new Object[] {rollup.start(), rollup.checks(), rollup.successes(), rollup.failures(), rollup.errors(),
                rollup.maintenance(), rollup.degraded(), rollup.downMillis(),
                times.map(t -> micros(t.min())).orElse(null),
                rollup.responseMean().map(HistoryExport::micros).orElse(null),
                times.map(t -> micros(t.p50())).orElse(null), times.map(t -> micros(t.p95())).orElse(null),
                times.map(t -> micros(t.p99())).orElse(null), times.map(t -> micros(t.max())).orElse(null)};
    }

    /** The rows a source hands to a consumer: each is written at once. */
    private interface Source {
        long each(Consumer<Object[]> row);
    }

    private static long write(ExportFormat format, OutputStream out, List<String> columns, Map<String, String> about,
                              String arrayName, Source source) {
        if (format == ExportFormat.CSV) {
            try (CsvStream csv = new CsvStream(out, columns)) {
                return source.each(csv::row);
            }
        }
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            for (Map.Entry<String, String> field : new java.util.TreeMap<>(about).entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            json.writeArrayFieldStart(arrayName);
            long count = source.each(row -> {
                try {
                    json.writeStartObject();
                    for (int i = 0; i < columns.size(); i++) {
                        Object value = row[i];
                        json.writeFieldName(columns.get(i));
                        switch (value) {
                            case null -> json.writeNull();
                            case Long number -> json.writeNumber(number);
                            default -> json.writeString(value.toString());
                        }
                    }
                    json.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            json.writeEndArray();
            json.writeNumberField("count", count);
            json.writeEndObject();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long micros(Duration duration) {
        return TimeUnit.MICROSECONDS.convert(duration);
    }
}
