package dev.upwatch.persistence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs the samples of one monitor and one block (a UTC hour) into the {@code sample_block.payload} bytes, and back,
 * exactly.
 *
 * <p>Layout: a format byte ({@value #FORMAT}), the sample count as a varint, then per sample, oldest first:
 * <ol>
 *   <li>start: microseconds after the previous sample's start (the first: after the block start), unsigned varint;</li>
 *   <li>response time in microseconds, unsigned varint;</li>
 *   <li>a flag byte: bits 0–1 the outcome code, bit 2 an error text follows, bit 3 condition results follow (they
 *       differ from the previous sample's; the block starts with none), bit 4 timing phases follow;</li>
 *   <li>the error text, the condition results (UTF-8) and the phases ({@link PhasesCodec} bytes), those present, each
 *       as a varint length and its bytes.</li>
 * </ol>
 * A typical HTTP check every 30 s takes about 21 bytes: 4 (start offset) + 3 (response time) + 1 (flags) + 13
 * (phases); the same condition results as the sample before cost nothing. Varints are unsigned LEB128.
 */
final class SampleBlockCodec {
    static final int FORMAT = 1;
    private static final int ERROR = 1 << 2;
    private static final int CONDITIONS = 1 << 3;
    private static final int PHASES = 1 << 4;

    private SampleBlockCodec() {
    }

    /**
     * The payload of {@code samples}, which must be in start order and start at or after {@code blockStartMicros}.
     */
    static byte[] encode(long blockStartMicros, List<StoredSample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + samples.size() * 24);
        out.write(FORMAT);
        Leb128.write(out, samples.size());
        long previousStart = blockStartMicros;
        String previousConditions = "";
        for (StoredSample sample : samples) {
            long offset = sample.startedAtMicros() - previousStart;
            if (offset < 0) {
                throw new IllegalArgumentException("samples must be in start order from the block start, got "
                        + StoredSample.instant(sample.startedAtMicros()) + " after "
                        + StoredSample.instant(previousStart));
            }
            Leb128.write(out, offset);
            Leb128.write(out, sample.responseTimeUs());
            boolean conditionsChanged = !sample.conditionResults().equals(previousConditions);
            out.write(sample.outcome()
                    | (sample.error() != null ? ERROR : 0)
                    | (conditionsChanged ? CONDITIONS : 0)
                    | (sample.phases() != null ? PHASES : 0));
            if (sample.error() != null) {
                writeBytes(out, sample.error().getBytes(StandardCharsets.UTF_8));
            }
            if (conditionsChanged) {
                writeBytes(out, sample.conditionResults().getBytes(StandardCharsets.UTF_8));
            }
            if (sample.phases() != null) {
                writeBytes(out, sample.phases());
            }
            previousStart = sample.startedAtMicros();
            previousConditions = sample.conditionResults();
        }
        return out.toByteArray();
    }

    /**
     * The samples packed by {@link #encode}, oldest first.
     *
     * @throws IllegalStateException when {@code payload} is not in the format above (a corrupt block)
     */
    static List<StoredSample> decode(long blockStartMicros, byte[] payload) {
        Reader in = new Reader(payload);
        int format = in.next();
        if (format != FORMAT) {
            throw in.corrupt("unknown format " + format);
        }
        long count = in.varint();
        if (count > payload.length) {
            throw in.corrupt("count " + count + " exceeds the payload's " + payload.length + " bytes");
        }
        List<StoredSample> samples = new ArrayList<>((int) count);
        long start = blockStartMicros;
        String conditions = "";
        for (long i = 0; i < count; i++) {
            start = Math.addExact(start, in.varint());
            long responseTime = in.varint();
            int flags = in.next();
            if ((flags & ~(3 | ERROR | CONDITIONS | PHASES)) != 0) {
                throw in.corrupt("unknown flags " + flags);
            }
            String error = (flags & ERROR) != 0 ? new String(in.bytes(), StandardCharsets.UTF_8) : null;
            if ((flags & CONDITIONS) != 0) {
                conditions = new String(in.bytes(), StandardCharsets.UTF_8);
            }
            byte[] phases = (flags & PHASES) != 0 ? in.bytes() : null;
            samples.add(new StoredSample(start, responseTime, (short) (flags & 3), error, conditions, phases));
        }
        if (!in.atEnd()) {
            throw in.corrupt("bytes left after " + count + " samples");
        }
        return samples;
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        Leb128.write(out, bytes.length);
        out.writeBytes(bytes);
    }


    /** Reads a payload front to back. */
    private static final class Reader {
        private final byte[] payload;
        private int position;

        Reader(byte[] payload) {
            this.payload = payload;
        }

        boolean atEnd() {
            return position >= payload.length;
        }

        int next() {
            if (atEnd()) {
                throw corrupt("unexpected end");
            }
            return payload[position++] & 0xff;
        }

        long varint() {
            int[] at = {position};
            long value = Leb128.read(payload, at).orElseThrow(
                    () -> corrupt("varint runs past the end or is longer than 64 bits"));
            position = at[0];
            if (value < 0) {
                throw corrupt("negative varint");
            }
            return value;
        }

        byte[] bytes() {
            long length = varint();
            if (length > payload.length - position) {
                throw corrupt("length " + length + " runs past the end");
            }
            byte[] bytes = new byte[(int) length];
            System.arraycopy(payload, position, bytes, 0, bytes.length);
            position += bytes.length;
            return bytes;
        }

        IllegalStateException corrupt(String problem) {
            return new IllegalStateException("corrupt sample block at byte " + position + ": " + problem);
        }
    }
}
