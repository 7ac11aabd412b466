package dev.upwatch.web.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where samples are stored: a JDBC database when {@code jdbcUrl} is set, else the embedded H2 file database
 * under {@code dataDirectory}.
 *
 * @param jdbcUrl       PostgreSQL (or H2) JDBC URL, if any
 * @param username      database user, if any
 * @param password      database password, if any; never printed
 * @param dataDirectory directory of the embedded database
 */
public record StorageConfig(Optional<String> jdbcUrl, Optional<String> username, Optional<String> password,
                            Path dataDirectory) {
    public StorageConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** The embedded database in {@code dataDirectory}. */
    public static StorageConfig embedded(Path dataDirectory) {
        return new StorageConfig(Optional.empty(), Optional.empty(), Optional.empty(), dataDirectory);
    }

    @Override
    public String toString() {
        return "StorageConfig[jdbcUrl=" + jdbcUrl.orElse("(embedded)") + ", username=" + username.orElse("")
                + ", password=" + (password.isPresent() ? "****" : "") + ", dataDirectory=" + dataDirectory + "]";
    }
}
