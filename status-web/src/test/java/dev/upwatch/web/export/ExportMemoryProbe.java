package dev.upwatch.web.export;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.reader.ExportFormat;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Run in a child JVM with a small heap by {@link ExportMemoryTest}: exports a year of one monitor's minute rollups
 * as CSV and as JSON into a counting sink ({@code stream}), or reads the same rollups into a list ({@code hold}), the
 * way an export that does not stream would. Prints {@code rows=... bytes=...}; exits 3 on OutOfMemoryError.
 */
public final class ExportMemoryProbe {
    static final MonitorId MONITOR = MonitorId.of("year");
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-01-01T00:00:00Z");

    private ExportMemoryProbe() {
    }

    public static void main(String[] args) {
        DatabaseSettings settings = new DatabaseSettings(args[0], args[1], Optional.of(args[2]).filter(p -> !p.isEmpty()));
        try (Database database = Database.open(settings)) {
            if (args[3].equals("hold")) {
                int held = database.rollupStore().series(MONITOR, RollupTier.MINUTE, FROM, TO).size();
                System.out.println("held=" + held);
                return;
            }
            HistoryExport export = new HistoryExport(database.sampleStore(), database.rollupStore());
            for (ExportFormat format : ExportFormat.values()) {
                Counting sink = new Counting();
                long start = System.nanoTime();
                long rows = export.rollups(MONITOR, RollupTier.MINUTE, FROM, TO, format, sink);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("format=%s rows=%d bytes=%d seconds=%.2f rate=%.0f%n", format.extension(), rows,
                        sink.bytes, seconds, rows / seconds);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("out of memory");
            System.exit(3);
        }
    }

    /** Counts what is written and keeps nothing. */
    private static final class Counting extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
