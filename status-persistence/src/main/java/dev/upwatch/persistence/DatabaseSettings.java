package dev.upwatch.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the samples are stored: a PostgreSQL server or an embedded H2 file, chosen by the JDBC URL.
 *
 * @param jdbcUrl  {@code jdbc:postgresql:...} or {@code jdbc:h2:...} (configuration key {@code storage.jdbc-url})
 * @param username database user; empty to leave it to the URL or the driver's default
 * @param password the user's password, if the database asks for one
 */
public record DatabaseSettings(String jdbcUrl, String username, Optional<String> password) {
    /** The user the embedded H2 database is created with and opened as. */
    static final String EMBEDDED_USER = "upwatch";

    /**
     * H2 settings that make it accept the PostgreSQL-flavoured migrations and behave as one process's private store:
     * lower-case names as in PostgreSQL, nulls last like PostgreSQL, no automatic TCP server, and no JVM shutdown hook
     * closing the database before the application has flushed its last samples (the pool's close does that).
     * Memory bounds (measured at 10,000 monitors): a 16 MB page cache instead of H2's 64 MB, and LOBs read from
     * results (condition results, phases) released after 10 s instead of 5 minutes — every row read kept one.
     * H2's own retention time for dead chunks (45 s) stays: a 5 s one cut the file's growth in 11-minute runs, but the
     * file of an hour-long run with it could not be opened again (docs/benchmarks.md).
     */
    private static final String EMBEDDED_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE"
                    + ";CACHE_SIZE=16384;LOB_TIMEOUT=10000";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (Vendor.of(jdbcUrl).isEmpty()) {
            throw new IllegalArgumentException("storage.jdbc-url must start with " + Vendor.supportedPrefixes()
                    + ", got " + scheme(jdbcUrl));
        }
    }

    /** An H2 database in the file {@code <directory>/upwatch.mv.db}, creating the directory if it is missing. */
    public static DatabaseSettings embedded(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (absolute.toString().contains(";")) {
            throw new IllegalArgumentException("the storage directory must not contain ';': " + absolute);
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the storage directory " + absolute, e);
        }
        return new DatabaseSettings("jdbc:h2:file:" + absolute.resolve("upwatch") + EMBEDDED_OPTIONS,
                EMBEDDED_USER, Optional.empty());
    }

    /** The product the URL points at. */
    Vendor vendor() {
        return Vendor.of(jdbcUrl).orElseThrow();
    }

    /** Shows everything but the password, also when the URL carries one as a parameter. */
    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1****")
                + ", username=" + username + ", password=" + (password.isPresent() ? "****" : "<none>") + "]";
    }

    /** The URL's {@code jdbc:<product>:} prefix, quoted: enough to name the product, never a credential. */
    private static String scheme(String jdbcUrl) {
        int first = jdbcUrl.indexOf(':');
        int second = first < 0 ? -1 : jdbcUrl.indexOf(':', first + 1);
        return second < 0 || !jdbcUrl.startsWith("jdbc:")
                ? "a URL without a 'jdbc:<product>:' prefix"
                : "'" + jdbcUrl.substring(0, second + 1) + "...'";
    }
}
