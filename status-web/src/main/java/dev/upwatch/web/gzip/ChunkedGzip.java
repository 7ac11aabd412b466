package dev.upwatch.web.gzip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member made of chunks compressed one by one, so that a document most of whose chunks are the same as in its
 * last version is compressed again only where it changed (the home page, the summary API).
 *
 * <p>Each chunk is compressed on its own as raw deflate ended by a sync flush, which leaves it byte-aligned and free
 * of references to earlier chunks ({@link Chunk#of}), or referring only to the chunk before it ({@link Chunk#after}),
 * so compressed chunks can be concatenated into one valid deflate stream. Independent chunks of ~10 KB of JSON
 * compress ~30 % worse than the whole document; a chunk that may refer to the one before compresses as well.
 */
public final class ChunkedGzip {
    /**
     * zlib's default level: on the home page's markup level 9 saves ~5 % of the bytes but searches much longer through
     * the many repeats of the day cells.
     */
    private static final int LEVEL = 6;
    /** A gzip member header: deflate, no name, no time, unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty final block with fixed Huffman codes: ends the deflate stream. */
    private static final byte[] FINAL_BLOCK = {3, 0};
    /** Deflate's window: how far back a chunk can refer into the bytes before it, in bytes. */
    private static final int WINDOW = 32_768;

    private ChunkedGzip() {
    }

    /** One chunk's bytes and the same compressed (raw deflate ended by a sync flush). */
    public record Chunk(byte[] plain, byte[] deflated) {
        public Chunk {
            Objects.requireNonNull(plain, "plain");
            Objects.requireNonNull(deflated, "deflated");
        }

        /** {@code plain} compressed. */
        public static Chunk of(byte[] plain) {
            return new Chunk(plain, deflate(plain, null));
        }

        /**
         * {@code plain} compressed with back-references into {@code before}, which must be the bytes just before it
         * in the document (its last 32 KB are deflate's window): it compresses as well as in one piece, but stays
         * valid only while {@code before} is the same.
         */
        public static Chunk after(byte[] before, byte[] plain) {
            return new Chunk(plain, deflate(plain, Objects.requireNonNull(before, "before")));
        }
    }

    /**
     * A gzip member of chunks, with the CRC-32 and length of the bytes it holds.
     *
     * @param gzip        the member, as sent with {@code Content-Encoding: gzip}
     * @param crc32       CRC-32 of the uncompressed bytes
     * @param plainLength length of the uncompressed bytes
     */
    public record Member(byte[] gzip, int crc32, int plainLength) {
    }

    /** The gzip member of {@code chunks} in order. */
    public static Member assemble(List<Chunk> chunks) {
        int plainLength = 0;
        int deflatedLength = 0;
        CRC32 crc = new CRC32();
        for (Chunk chunk : chunks) {
            plainLength += chunk.plain().length;
            deflatedLength += chunk.deflated().length;
            crc.update(chunk.plain());
        }
        ByteBuffer gzip = ByteBuffer.allocate(GZIP_HEADER.length + deflatedLength + FINAL_BLOCK.length + 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        gzip.put(GZIP_HEADER);
        for (Chunk chunk : chunks) {
            gzip.put(chunk.deflated());
        }
        gzip.put(FINAL_BLOCK).putInt((int) crc.getValue()).putInt(plainLength);
        return new Member(gzip.array(), (int) crc.getValue(), plainLength);
    }

    /** Raw deflate (no header), ended by a sync flush: byte-aligned and not final, so chunks concatenate. */
    private static byte[] deflate(byte[] plain, byte[] before) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            if (before != null && before.length > 0) {
                int window = Math.min(before.length, WINDOW);
                deflater.setDictionary(before, before.length - window, window);
            }
            deflater.setInput(plain);
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 8 + 64);
            byte[] buffer = new byte[16_384];
            int written;
            do {
                written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, written);
            } while (written == buffer.length);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
