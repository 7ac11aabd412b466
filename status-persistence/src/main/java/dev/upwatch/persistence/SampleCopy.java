package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes samples with PostgreSQL's binary {@code COPY}: the rows are encoded here, in PostgreSQL's binary format, and
 * sent in one statement, which is atomic on its own. The column list is the one of {@code V5__sample_compact.sql} plus {@code V40}'s location.
 */
final class SampleCopy {
    private static final String COPY = "copy sample (started_at, response_time_us, monitor, outcome, error, "
            + "condition_results, phases, location) from stdin with (format binary)";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short COLUMNS = 8;
    /** PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    private SampleCopy() {
    }

    static void copy(Connection connection, List<Sample> samples, Map<MonitorId, Integer> keys) throws SQLException {
        byte[] rows = encode(samples, keys);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The whole COPY stream: header, one tuple per sample, trailer. */
    static byte[] encode(List<Sample> samples, Map<MonitorId, Integer> keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + samples.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
            for (Sample sample : samples) {
                out.writeShort(COLUMNS);
                out.writeInt(8);
                out.writeLong(postgresMicros(sample.startedAt()));
                out.writeInt(8);
                out.writeLong(JooqSampleStore.toMicros(sample.responseTime()));
                out.writeInt(4);
                out.writeInt(keys.get(sample.monitorId()));
                out.writeInt(2);
                out.writeShort(JooqSampleStore.outcomeCode(sample.outcome()));
                String error = JooqSampleStore.storedError(sample);
                writeBytes(out, error == null ? null : error.getBytes(StandardCharsets.UTF_8));
                writeBytes(out, ConditionResultsCodec.encode(sample.conditionResults()).getBytes(StandardCharsets.UTF_8));
                writeBytes(out, PhasesCodec.encode(sample.phases()));
                writeBytes(out, sample.location().map(l -> l.value().getBytes(StandardCharsets.UTF_8)).orElse(null));
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    /** Microseconds since PostgreSQL's epoch, truncated like {@link JooqSampleStore#toDatabase}. */
    private static long postgresMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return Math.addExact(Math.multiplyExact(truncated.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                truncated.getNano() / 1_000);
    }
}
