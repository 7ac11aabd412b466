package dev.upwatch.web.page;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The home page as bytes, plain and gzip-compressed, with its entity tag, rebuilt only when its model changes.
 * The model joins the cached rows ({@link RowCache}) by reference, so comparing it with the last one is cheap;
 * while nothing changed a request copies bytes instead of rendering ~1 MB of HTML and compressing it.
 */
final class HomePageCache {
    /** One rendering of the page. */
    record Rendered(StatusPageView view, byte[] html, byte[] gzip, String etag) {
    }

    private final FreemarkerWriter templates;
    private volatile Rendered last;

    HomePageCache(FreemarkerWriter templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The page of {@code view}: the last rendering when its model is equal, else a new one. */
    Rendered of(StatusPageView view) {
        Rendered current = last;
        if (current != null && current.view().equals(view)) {
            return current;
        }
        byte[] html = templates.render("index.ftlh", view).getBytes(StandardCharsets.UTF_8);
        Rendered rendered = new Rendered(view, html, gzip(html), etag(html));
        last = rendered;
        return rendered;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 16);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 65_536) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
