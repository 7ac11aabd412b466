package dev.upwatch.persistence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Packs a sample's timing phases into the bytes of the {@code sample.phases} column, to the microsecond.
 *
 * <p>Layout: one byte whose bits say which of the {@link #KNOWN} phases follow (bit 0 = {@code dns} ...), their
 * microseconds as unsigned LEB128 varints in that order, then any other phase as a name (one length byte, UTF-8,
 * at most {@value #MAX_NAME_BYTES} bytes) and its varint. A typical HTTP check (five phases of micro- to
 * milliseconds) takes 12 to 16 bytes; five nullable integer columns would take 20 plus a wider null bitmap.
 * Decoding yields the known phases first, in {@link #KNOWN} order, which is the order the probes report them in.
 */
final class PhasesCodec {
    /** The phases the bundled probes report, in their order; never reorder (the bit positions are stored). */
    static final List<String> KNOWN = List.of("dns", "connect", "tls", "firstByte", "transfer");
    static final int MAX_NAME_BYTES = 64;

    private PhasesCodec() {
    }

    /** The packed phases, or null when there are none (the column stays null). Longer names are cut. */
    static byte[] encode(Map<String, Duration> phases) {
        if (phases.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        int mask = 0;
        for (int bit = 0; bit < KNOWN.size(); bit++) {
            if (phases.containsKey(KNOWN.get(bit))) {
                mask |= 1 << bit;
            }
        }
        out.write(mask);
        for (String name : KNOWN) {
            Duration duration = phases.get(name);
            if (duration != null) {
                Leb128.write(out, TimeUnit.MICROSECONDS.convert(duration));
            }
        }
        phases.forEach((name, duration) -> {
            if (!KNOWN.contains(name)) {
                byte[] utf8 = StoredText.storable(name, MAX_NAME_BYTES / 4).getBytes(StandardCharsets.UTF_8);
                out.write(utf8.length);
                out.writeBytes(utf8);
                Leb128.write(out, TimeUnit.MICROSECONDS.convert(duration));
            }
        });
        return out.toByteArray();
    }

    /** The phases packed by {@link #encode}; empty for null. */
    static Map<String, Duration> decode(byte[] packed) {
        if (packed == null || packed.length == 0) {
            return Map.of();
        }
        Map<String, Duration> phases = new LinkedHashMap<>();
        int[] at = {1};
        int mask = packed[0] & 0xff;
        for (int bit = 0; bit < KNOWN.size(); bit++) {
            if ((mask & (1 << bit)) != 0) {
                phases.put(KNOWN.get(bit), Duration.of(readVarint(packed, at), ChronoUnit.MICROS));
            }
        }
        while (at[0] < packed.length) {
            int length = packed[at[0]++] & 0xff;
            String name = new String(packed, at[0], length, StandardCharsets.UTF_8);
            at[0] += length;
            phases.put(name, Duration.of(readVarint(packed, at), ChronoUnit.MICROS));
        }
        return Collections.unmodifiableMap(phases);
    }

    private static long readVarint(byte[] packed, int[] at) {
        return Leb128.read(packed, at).orElseThrow(
                () -> new IllegalStateException("corrupt phases column: varint runs past its end"));
    }
}
