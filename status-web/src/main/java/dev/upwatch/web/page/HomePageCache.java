package dev.upwatch.web.page;

import dev.upwatch.web.gzip.ChunkedGzip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The home page's bytes, plain and gzip-compressed, compressing only what changed since the last version.
 *
 * <p>The page (its {@link LivePage.Piece pieces}) is cut into chunks: the head (banner, incidents), runs of
 * {@value #ROWS_PER_CHUNK} rows with the group markup after each, and the tail (last-check time). Each chunk is
 * compressed on its own ({@link ChunkedGzip}); a chunk whose text is unchanged keeps its compressed bytes. One changed
 * service thus costs compressing its chunk (a few dozen rows) instead of the whole page of 1,000. Called by one thread at a time (the home page's {@link dev.upwatch.web.render.LatestRender} renders one at a time).
 */
final class HomePageCache {
    /** Rows compressed together: more compress better (shared markup), fewer recompress faster. */
    static final int ROWS_PER_CHUNK = 32;
    /** Element ids of service rows begin with this. */
    static final String ROW_PREFIX = "service-";

    /** Consecutive pieces of the page and their compressed form. */
    private record Chunk(List<String> pieces, ChunkedGzip.Chunk bytes) {
    }

    private List<Chunk> chunks = List.of();
    private int lastCompressed;

    /** How many chunks the last call compressed (the rest were reused); for tests. */
    synchronized int lastCompressedChunks() {
        return lastCompressed;
    }

    /** The bytes of the page made of {@code pieces}. */
    synchronized LivePage.Compressed compress(List<LivePage.Piece> pieces) {
        List<List<String>> wanted = chunked(pieces);
        List<Chunk> built = new ArrayList<>(wanted.size());
        int compressed = 0;
        for (int i = 0; i < wanted.size(); i++) {
            List<String> texts = wanted.get(i);
            Chunk before = i < chunks.size() ? chunks.get(i) : null;
            if (before != null && samePieces(before.pieces(), texts)) {
                built.add(before);
            } else {
                built.add(new Chunk(texts, ChunkedGzip.Chunk.of(String.join("", texts).getBytes(StandardCharsets.UTF_8))));
                compressed++;
            }
        }
        chunks = built;
        lastCompressed = compressed;
        return assemble(built);
    }

    private static boolean isRow(LivePage.Piece piece) {
        return piece.isFragment() && piece.id().startsWith(ROW_PREFIX);
    }

    /** The head up to the first row, then rows (each with the markup after it) by {@value #ROWS_PER_CHUNK}, the tail. */
    private static List<List<String>> chunked(List<LivePage.Piece> pieces) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int lastRow = -1;
        for (int i = 0; i < pieces.size(); i++) {
            lastRow = isRow(pieces.get(i)) ? i : lastRow;
        }
        // The tail begins at the first fragment after the last row (the last-check time, which every check changes).
        int tail = lastRow < 0 ? -1 : tailStart(pieces, lastRow);
        int rows = 0;
        for (int i = 0; i < pieces.size(); i++) {
            LivePage.Piece piece = pieces.get(i);
            if ((isRow(piece) && rows++ % ROWS_PER_CHUNK == 0 || i == tail) && !current.isEmpty()) {
                chunks.add(List.copyOf(current));
                current = new ArrayList<>();
            }
            current.add(piece.html());
        }
        if (!current.isEmpty()) {
            chunks.add(List.copyOf(current));
        }
        return chunks;
    }

    private static int tailStart(List<LivePage.Piece> pieces, int lastRow) {
        for (int i = lastRow + 1; i < pieces.size(); i++) {
            if (pieces.get(i).isFragment()) {
                return i;
            }
        }
        return pieces.size() - 1;
    }

    private static boolean samePieces(List<String> before, List<String> now) {
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            String a = before.get(i);
            String b = now.get(i);
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    private static LivePage.Compressed assemble(List<Chunk> chunks) {
        List<byte[]> parts = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            parts.add(chunk.bytes().plain());
        }
        ChunkedGzip.Member gzip = ChunkedGzip.assemble(chunks.stream().map(Chunk::bytes).toList());
        // CRC-32 and length tell two versions of the page apart; a strong tag, as the bytes are the same for it.
        String etag = "\"" + HexFormat.of().toHexDigits(gzip.crc32()) + HexFormat.of().toHexDigits(gzip.plainLength()) + "\"";
        return new LivePage.Compressed(List.copyOf(parts), gzip.gzip(), etag);
    }
}
