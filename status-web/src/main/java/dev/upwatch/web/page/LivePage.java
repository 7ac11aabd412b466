package dev.upwatch.web.page;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page rendered at one snapshot version, cut into its static text and its live fragments (elements with an
 * {@code id} that the open page replaces). Both the full page and the live updates are read from it, so they are the
 * same bytes. Each fragment knows the version since which it has its present markup; an open page that holds
 * version {@code v} is sent exactly the fragments changed after {@code v} ({@link #changesSince}), or told to reload
 * when anything outside the fragments changed after {@code v} (a service or group added, removed or moved).
 *
 * @param version        the snapshot version it was rendered at
 * @param builtAt        when that version was made
 * @param tag            the same as clients hold it, {@code <epoch>-<version>}
 * @param pieces         the page in order: static text and fragments
 * @param since          per fragment id, the version since which its markup is what it is now
 * @param structureSince the version since which the static text and the fragment ids are what they are now
 * @param body           the page's UTF-8 bytes in parts (written one after the other)
 * @param gzip           the page as one gzip member, or null when the server compresses it per request
 * @param etag           a strong entity tag of the page's bytes, quoted
 */
record LivePage(long version, java.time.Instant builtAt, String tag, List<Piece> pieces, Map<String, Long> since, long structureSince,
                List<byte[]> body, byte[] gzip, String etag, Map<Long, byte[]> payloads) {

    /** {@code <!--live:ID-->} … {@code <!--/live-->} around a fragment, {@code <!--row:N-->} for a ready-made one. */
    private static final Pattern MARK = Pattern.compile("<!--live:([A-Za-z0-9._-]+)-->|<!--/live-->|<!--row:(\\d+)-->");

    LivePage {
        pieces = List.copyOf(pieces);
        since = Map.copyOf(since);
        body = List.copyOf(body);
        Objects.requireNonNull(etag, "etag");
    }

    /**
     * A piece of a page.
     *
     * @param id   the fragment's element id, or null for static text
     * @param html its markup
     */
    record Piece(String id, String html) {
        Piece {
            Objects.requireNonNull(html, "html");
        }

        boolean isFragment() {
            return id != null;
        }
    }

    /**
     * Cuts a rendered page at its marks (removing them); {@code <!--row:N-->} stands for {@code rows.get(N)}, a
     * fragment rendered on its own. Marks cannot be forged by page content: the templates escape {@code <}.
     */
    static List<Piece> cut(String page, List<Piece> rows) {
        List<Piece> pieces = new ArrayList<>();
        Matcher mark = MARK.matcher(page);
        int from = 0;
        String open = null;
        while (mark.find()) {
            String text = page.substring(from, mark.start());
            if (mark.group(1) != null) { // a fragment begins
                if (open != null) {
                    throw new IllegalStateException("fragment " + mark.group(1) + " inside fragment " + open);
                }
                add(pieces, null, text);
                open = mark.group(1);
            } else if (mark.group(2) != null) {
                add(pieces, null, text);
                pieces.add(rows.get(Integer.parseInt(mark.group(2))));
            } else {
                if (open == null) {
                    throw new IllegalStateException("a fragment ends that never began");
                }
                pieces.add(new Piece(open, text));
                open = null;
            }
            from = mark.end();
        }
        if (open != null) {
            throw new IllegalStateException("fragment " + open + " never ends");
        }
        add(pieces, null, page.substring(from));
        return pieces;
    }

    private static void add(List<Piece> pieces, String id, String text) {
        if (!text.isEmpty()) {
            pieces.add(new Piece(id, text));
        }
    }

    /**
     * The page of {@code pieces} at {@code version}, each fragment's {@code since} carried over from {@code before}
     * where its markup is unchanged. {@code compressed} gives the body and gzip form (the home page's chunked cache),
     * or null to keep the plain text only.
     */
    static LivePage of(LiveSnapshot snapshot, List<Piece> pieces, LivePage before,
                       Function<List<Piece>, Compressed> compressed) {
        long version = snapshot.version();
        Map<String, String> previous = new HashMap<>();
        if (before != null) {
            before.pieces().stream().filter(Piece::isFragment).forEach(piece -> previous.put(piece.id(), piece.html()));
        }
        Map<String, Long> since = new HashMap<>();
        List<String> statics = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.isFragment()) {
                String old = previous.get(piece.id());
                boolean same = old != null && (old == piece.html() || old.equals(piece.html()));
                if (since.put(piece.id(), same ? before.since().get(piece.id()) : version) != null) {
                    throw new IllegalStateException("fragment id " + piece.id() + " used twice");
                }
                statics.add("#" + piece.id());
            } else {
                statics.add(piece.html());
            }
        }
        long structureSince = before != null && before.structure().equals(statics) ? before.structureSince() : version;
        Compressed bytes = compressed == null ? Compressed.plain(pieces) : compressed.apply(pieces);
        return new LivePage(version, snapshot.builtAt(), snapshot.tag(), pieces, since, structureSince, bytes.body(),
                bytes.gzip(), bytes.etag(), new ConcurrentHashMap<>());
    }

    /** The static text and fragment ids in order: what an open page cannot patch. */
    private List<String> structure() {
        return pieces.stream().map(piece -> piece.isFragment() ? "#" + piece.id() : piece.html()).toList();
    }

    /** The fragments changed after {@code version}, in page order; empty when none. */
    List<Piece> changesSince(long version) {
        return pieces.stream().filter(p -> p.isFragment() && since.get(p.id()) > version).toList();
    }

    /** Whether a page at {@code version} can be brought here by replacing fragments (else it must reload). */
    boolean patchableFrom(long version) {
        return version >= structureSince;
    }

    /** Writes the plain page. */
    void writeHtml(OutputStream out) throws IOException {
        for (byte[] part : body) {
            out.write(part);
        }
    }

    /** The page as text (the pieces in order, marks removed). */
    String text() {
        StringBuilder text = new StringBuilder();
        pieces.forEach(piece -> text.append(piece.html()));
        return text.toString();
    }

    /** The plain page as one array. */
    byte[] html() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * A page's bytes.
     *
     * @param body the UTF-8 bytes in parts
     * @param gzip one gzip member of them, or null
     * @param etag strong entity tag, quoted
     */
    record Compressed(List<byte[]> body, byte[] gzip, String etag) {
        static Compressed plain(List<Piece> pieces) {
            StringBuilder page = new StringBuilder();
            pieces.forEach(piece -> page.append(piece.html()));
            byte[] bytes = page.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            return new Compressed(List.of(bytes), null, "\"" + java.util.HexFormat.of().toHexDigits((int) crc.getValue())
                    + java.util.HexFormat.of().toHexDigits(bytes.length) + "\"");
        }
    }
}
