package dev.upwatch.persistence;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * The payload of a {@code sample_journal} row: a format byte (1), the number of monitors, then per monitor its key,
 * the length of its part and the part itself — the monitor's samples of the batch as {@link SampleBlockCodec} packs
 * a block, from the row's first start. A reader looking for one monitor skips the other parts unread.
 */
final class SampleJournalCodec {
    static final int FORMAT = 1;

    /** One sample of the batch with its monitor's key. */
    record Keyed(int monitor, StoredSample sample) {
    }

    private SampleJournalCodec() {
    }

    /** The payload of {@code samples} (any order; each monitor's are stored in start order, equal starts kept). */
    static byte[] encode(long firstStartMicros, List<Keyed> samples) {
        Map<Integer, List<StoredSample>> byMonitor = new LinkedHashMap<>();
        for (Keyed keyed : samples) {
            byMonitor.computeIfAbsent(keyed.monitor(), key -> new ArrayList<>()).add(keyed.sample());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + samples.size() * 26);
        out.write(FORMAT);
        Leb128.write(out, byMonitor.size());
        byMonitor.forEach((monitor, list) -> {
            list.sort(Comparator.comparingLong(StoredSample::startedAtMicros)); // stable
            byte[] part = SampleBlockCodec.encode(firstStartMicros, list);
            Leb128.write(out, monitor);
            Leb128.write(out, part.length);
            out.writeBytes(part);
        });
        return out.toByteArray();
    }

    /**
     * The samples of the payload by monitor key, each monitor's in start order; only {@code monitor}'s when given.
     *
     * @throws IllegalStateException when the payload is not in the format above
     */
    static Map<Integer, List<StoredSample>> decode(long firstStartMicros, byte[] payload, OptionalInt monitor) {
        return decode(firstStartMicros, payload, key -> monitor.isEmpty() || monitor.getAsInt() == key);
    }

    /** The samples of the payload by monitor key, each monitor's in start order; only the {@code wanted} monitors'. */
    static Map<Integer, List<StoredSample>> decode(long firstStartMicros, byte[] payload, IntPredicate wanted) {
        int[] at = {0};
        if (payload.length == 0 || payload[at[0]++] != FORMAT) {
            throw corrupt(0, "unknown format");
        }
        long monitors = varint(payload, at);
        Map<Integer, List<StoredSample>> samples = new LinkedHashMap<>();
        for (long i = 0; i < monitors; i++) {
            long key = varint(payload, at);
            long length = varint(payload, at);
            if (key > Integer.MAX_VALUE || length > payload.length - at[0]) {
                throw corrupt(at[0], "part of monitor " + key + " (" + length + " bytes) runs past the end");
            }
            if (wanted.test((int) key)) {
                byte[] part = java.util.Arrays.copyOfRange(payload, at[0], at[0] + (int) length);
                samples.put((int) key, SampleBlockCodec.decode(firstStartMicros, part));
            }
            at[0] += (int) length;
        }
        if (at[0] != payload.length) {
            throw corrupt(at[0], "bytes left after " + monitors + " monitors");
        }
        return samples;
    }

    /** The keys of the monitors the payload holds samples of, in stored order, without decoding a sample. */
    static int[] monitors(byte[] payload) {
        int[] at = {0};
        if (payload.length == 0 || payload[at[0]++] != FORMAT) {
            throw corrupt(0, "unknown format");
        }
        long monitors = varint(payload, at);
        if (monitors > payload.length) {
            throw corrupt(at[0], monitors + " monitors in " + payload.length + " bytes");
        }
        int[] keys = new int[(int) monitors];
        for (int i = 0; i < keys.length; i++) {
            long key = varint(payload, at);
            long length = varint(payload, at);
            if (key > Integer.MAX_VALUE || length > payload.length - at[0]) {
                throw corrupt(at[0], "part of monitor " + key + " (" + length + " bytes) runs past the end");
            }
            keys[i] = (int) key;
            at[0] += (int) length;
        }
        if (at[0] != payload.length) {
            throw corrupt(at[0], "bytes left after " + monitors + " monitors");
        }
        return keys;
    }

    private static long varint(byte[] payload, int[] at) {
        int start = at[0];
        long value = Leb128.read(payload, at).orElseThrow(() -> corrupt(start, "varint runs past the end"));
        if (value < 0) {
            throw corrupt(start, "negative varint");
        }
        return value;
    }

    private static IllegalStateException corrupt(int position, String problem) {
        return new IllegalStateException("corrupt sample journal row at byte " + position + ": " + problem);
    }
}
