package dev.upwatch.web.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The static files the pages use, served from the classpath under names that carry a hash of their
 * content ({@code app.3f2a9c1d.js}), so that browsers may cache them for a year and still never run a
 * stale copy after an upgrade. No CDN: Bootstrap comes from its WebJar inside the application.
 */
public final class AssetCatalog {
    private static final String BOOTSTRAP = "META-INF/resources/webjars/bootstrap/";

    /** A servable file: its bytes and content type. */
    public record Asset(byte[] content, String contentType) {
    }

    private final Map<String, Asset> byPath = new LinkedHashMap<>();
    private final Map<String, String> paths = new LinkedHashMap<>();

    /** The files of the classpath only. */
    public AssetCatalog() {
        this(Map.of());
    }

    /**
     * The files of the classpath, each language's stylesheet and the pages' {@code stylesheets} made at start
     * ({@link PageStyles}), by file name.
     */
    public AssetCatalog(Map<String, String> stylesheets) {
        add("app.css", read("assets/app.css"), "text/css; charset=UTF-8");
        add("app.js", read("assets/app.js"), "text/javascript; charset=UTF-8");
        add("bootstrap.css", read(BOOTSTRAP + bootstrapVersion() + "/css/bootstrap.min.css"), "text/css; charset=UTF-8");
        add("favicon.svg", read("assets/favicon.svg"), "image/svg+xml");
        PageStyles.languages().forEach((name, css) -> add(name, css.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/css; charset=UTF-8"));
        stylesheets.forEach((name, css) -> add(name, css.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/css; charset=UTF-8"));
    }

    private void add(String name, byte[] content, String contentType) {
        String hash = HexFormat.of().formatHex(sha256(content), 0, 4);
        int dot = name.lastIndexOf('.');
        String path = "/assets/" + name.substring(0, dot) + "." + hash + name.substring(dot);
        byPath.put(path, new Asset(content, contentType));
        paths.put(name.substring(0, dot).replace('.', '_') + "_" + name.substring(dot + 1), path);
    }

    /** Hashed public paths by logical name, e.g. {@code app_js → /assets/app.3f2a9c1d.js}; exposed to templates. */
    public Map<String, String> paths() {
        return Map.copyOf(paths);
    }

    /** The asset at a hashed public path. */
    public Optional<Asset> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    private static String bootstrapVersion() {
        try (InputStream in = AssetCatalog.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/bootstrap/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the Bootstrap WebJar is not on the classpath");
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = AssetCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("asset " + resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
