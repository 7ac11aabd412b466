package dev.upwatch.web.config;

import dev.upwatch.core.service.RollupRetention;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param rawRetention  how long raw samples are kept ({@code storage.raw-retention}), at least 1 hour
 * @param rollupRetention how long minute, hour and day rollups are kept ({@code storage.rollup-retention})
 */
public record StorageConfig(Optional<String> jdbcUrl, Optional<String> username, Optional<String> password,
                            Path dataDirectory, Duration rawRetention, RollupRetention rollupRetention) {
    /** Raw samples are kept a week unless configured otherwise. */
    public static final Duration DEFAULT_RAW_RETENTION = Duration.ofDays(7);

    public StorageConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(rawRetention, "rawRetention");
        if (rawRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("rawRetention must be at least 1h: " + rawRetention);
        }
        Objects.requireNonNull(rollupRetention, "rollupRetention");
    }

    /** Storage keeping raw samples for {@link #DEFAULT_RAW_RETENTION}, rollups for their default retention. */
    public StorageConfig(Optional<String> jdbcUrl, Optional<String> username, Optional<String> password,
                         Path dataDirectory) {
        this(jdbcUrl, username, password, dataDirectory, DEFAULT_RAW_RETENTION, RollupRetention.defaults());
    }

    /** The embedded database in {@code dataDirectory}. */
    public static StorageConfig embedded(Path dataDirectory) {
        return new StorageConfig(Optional.empty(), Optional.empty(), Optional.empty(), dataDirectory);
    }

    @Override
    public String toString() {
        return "StorageConfig[jdbcUrl=" + jdbcUrl.orElse("(embedded)") + ", username=" + username.orElse("")
                + ", password=" + (password.isPresent() ? "****" : "") + ", dataDirectory=" + dataDirectory
                + ", rawRetention=" + rawRetention + ", rollupRetention=" + rollupRetention + "]";
    }
}
