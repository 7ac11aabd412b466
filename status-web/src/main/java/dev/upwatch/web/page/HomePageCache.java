package dev.upwatch.web.page;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The home page as bytes, plain and gzip-compressed, with its entity tag, rebuilt only when its model changes,
 * and then compressing only what changed.
 *
 * <p>The model joins the cached rows ({@link RowCache}) by reference, so comparing it with the last one is cheap;
 * while nothing changed a request copies bytes. When something changed, the page is cut into chunks: the head
 * (banner, incidents), runs of {@value #ROWS_PER_CHUNK} rows with the group markup between them, and the tail
 * (last-check time). Each chunk is compressed on its own as raw deflate ended by a sync flush, which leaves it
 * byte-aligned and free of references to earlier chunks, so compressed chunks can be concatenated into one
 * valid deflate stream; a chunk whose text is unchanged keeps its compressed bytes. One changed service thus
 * costs compressing its chunk (a few dozen rows) instead of the whole page of 1,000.
 */
final class HomePageCache {
    /** Rows compressed together: more compress better (shared markup), fewer recompress faster. */
    static final int ROWS_PER_CHUNK = 32;
    /**
     * zlib's default level: on this markup level 9 saves ~5 % of the bytes but searches much longer through the
     * many repeats of the day cells.
     */
    private static final int LEVEL = 6;
    private static final Pattern ROW_MARK = Pattern.compile("<!--upwatch-row-(\\d+)-->");
    /** A gzip member header: deflate, no name, no time, unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty final block with fixed Huffman codes: ends the deflate stream. */
    private static final byte[] FINAL_BLOCK = {3, 0};

    /**
     * One rendering of the page.
     *
     * @param view  the model it shows
     * @param parts the page's UTF-8 bytes in parts (the chunks), written one after the other; most clients take
     *              gzip, so the plain page is not joined into one array
     * @param gzip  the page as one gzip member
     * @param etag  its strong entity tag, quoted
     */
    record Rendered(StatusPageView view, List<byte[]> parts, byte[] gzip, String etag) {

        /** Writes the plain page. */
        void writeHtml(java.io.OutputStream out) throws java.io.IOException {
            for (byte[] part : parts) {
                out.write(part);
            }
        }

        /** The plain page as one array. */
        byte[] html() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    /** Consecutive pieces of the page and their compressed form. */
    private record Chunk(List<String> pieces, byte[] plain, byte[] deflated) {
    }

    private final FreemarkerWriter templates;
    private volatile Rendered last;
    private List<Chunk> chunks = List.of();
    private int lastCompressed;

    HomePageCache(FreemarkerWriter templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The page of {@code view}: the last rendering when its model is equal, else a new one. */
    Rendered of(StatusPageView view) {
        Rendered current = last;
        if (current != null && current.view().equals(view)) {
            return current;
        }
        return rebuild(view);
    }

    /** How many chunks the last rebuild compressed (the rest were reused); for tests. */
    synchronized int lastCompressedChunks() {
        return lastCompressed;
    }

    private synchronized Rendered rebuild(StatusPageView view) {
        Rendered current = last;
        if (current != null && current.view().equals(view)) {
            return current; // another request built it meanwhile
        }
        List<List<String>> wanted = chunked(pieces(view));
        List<Chunk> built = new ArrayList<>(wanted.size());
        int compressed = 0;
        for (int i = 0; i < wanted.size(); i++) {
            List<String> pieces = wanted.get(i);
            Chunk before = i < chunks.size() ? chunks.get(i) : null;
            if (before != null && samePieces(before.pieces(), pieces)) {
                built.add(before);
            } else {
                byte[] plain = String.join("", pieces).getBytes(StandardCharsets.UTF_8);
                built.add(new Chunk(pieces, plain, deflate(plain)));
                compressed++;
            }
        }
        chunks = built;
        lastCompressed = compressed;
        Rendered rendered = assemble(view, built);
        last = rendered;
        return rendered;
    }

    /**
     * The page as pieces: the text before the first row, then each row followed by the text up to the next row
     * (group markup), the last row followed by the rest of the page. Rendered once with a mark in place of each
     * row (the rows are already HTML; a user's text cannot forge a mark, since the template escapes {@code <}).
     */
    private List<String> pieces(StatusPageView view) {
        List<String> rows = new ArrayList<>();
        List<StatusPageView.GroupView> marked = new ArrayList<>();
        for (StatusPageView.GroupView group : view.groups()) {
            List<String> marks = new ArrayList<>(group.rows().size());
            for (String row : group.rows()) {
                marks.add("<!--upwatch-row-" + rows.size() + "-->");
                rows.add(row);
            }
            marked.add(new StatusPageView.GroupView(group.name(), group.status(), marks, group.description(),
                    group.collapsed()));
        }
        String skeleton = templates.render("index.ftlh", new StatusPageView(view.title(), view.refreshSeconds(),
                view.headline(), view.summary(), view.updatedAt(), view.updatedAtText(), marked, view.chrome(),
                view.incidents()));
        List<String> pieces = new ArrayList<>(2 * rows.size() + 1);
        Matcher mark = ROW_MARK.matcher(skeleton);
        int from = 0;
        while (mark.find()) {
            pieces.add(skeleton.substring(from, mark.start()));
            pieces.add(rows.get(Integer.parseInt(mark.group(1))));
            from = mark.end();
        }
        pieces.add(skeleton.substring(from));
        return pieces;
    }

    /** The head alone, rows (each with the markup after it) by {@value #ROWS_PER_CHUNK}, the tail alone. */
    private static List<List<String>> chunked(List<String> pieces) {
        List<List<String>> chunks = new ArrayList<>();
        chunks.add(List.of(pieces.getFirst()));
        int rowPieces = pieces.size() - 2; // row, markup, row, markup, ..., row
        for (int start = 1; start <= rowPieces; start += 2 * ROWS_PER_CHUNK) {
            chunks.add(List.copyOf(pieces.subList(start, Math.min(start + 2 * ROWS_PER_CHUNK, rowPieces + 1))));
        }
        if (pieces.size() > 1) {
            chunks.add(List.of(pieces.getLast()));
        }
        return chunks;
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

    /** Raw deflate (no header), ended by a sync flush: byte-aligned and not final, so chunks concatenate. */
    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
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

    private static Rendered assemble(StatusPageView view, List<Chunk> chunks) {
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
        List<byte[]> parts = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            parts.add(chunk.plain());
            gzip.put(chunk.deflated());
        }
        gzip.put(FINAL_BLOCK).putInt((int) crc.getValue()).putInt(plainLength);
        // CRC-32 and length tell two versions of the page apart; a strong tag, as the bytes are the same for it.
        String etag = "\"" + HexFormat.of().toHexDigits((int) crc.getValue()) + HexFormat.of().toHexDigits(plainLength) + "\"";
        return new Rendered(view, List.copyOf(parts), gzip.array(), etag);
    }
}
