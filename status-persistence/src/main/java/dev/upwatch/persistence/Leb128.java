package dev.upwatch.persistence;

import java.io.ByteArrayOutputStream;
import java.util.OptionalLong;

/** Unsigned LEB128 varints: the one varint encoding of the packed phases and the packed sample blocks. */
final class Leb128 {
    private Leb128() {
    }

    /** Appends {@code value}, seven bits a byte, low bits first (a negative value takes ten bytes). */
    static void write(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7fL) != 0) {
            out.write((int) ((rest & 0x7f) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    /**
     * The varint at {@code at[0]} in {@code bytes}, moving {@code at[0]} past it; empty when the bytes end before it
     * does or it is longer than 64 bits (the caller names the column in its error).
     */
    static OptionalLong read(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift <= 63; shift += 7) {
            if (at[0] >= bytes.length) {
                return OptionalLong.empty();
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }
}
