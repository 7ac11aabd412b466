package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.service.RollupRetention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads {@code storage}: the database, and how long raw samples and rollups are kept. */
final class StorageSection {
    static final Set<String> KEYS = Set.of("jdbc-url", "username", "password", "data-dir", "raw-retention",
            "rollup-retention");
    static final Set<String> ROLLUP_RETENTION_KEYS = Set.of("minute", "hour", "day");
    /** The longest any retention may be: 100 years, "forever" for a status page. */
    static final Duration LONGEST = Duration.ofDays(36_500);
    static final DurationRange RAW_RETENTION = DurationRange.of(Duration.ofHours(1), LONGEST);
    static final DurationRange MINUTE_RETENTION = DurationRange.of(RollupRetention.MIN_MINUTE, LONGEST);
    static final DurationRange HOUR_RETENTION = DurationRange.of(RollupRetention.MIN_HOUR, LONGEST);
    static final DurationRange DAY_RETENTION = DurationRange.of(RollupRetention.MIN_DAY, LONGEST);

    private StorageSection() {
    }

    /**
     * The storage settings; empty when any problem was noted.
     *
     * @param baseDir the directory a relative {@code data-dir} resolves against (the file's), if any
     */
    static Optional<StorageConfig> read(ConfigMap map, Path baseDir) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        Optional<String> url = map.text("jdbc-url").filter(s -> !s.isBlank());
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:") && !url.get().startsWith("jdbc:h2:")) {
            map.report("jdbc-url", "only jdbc:postgresql: and jdbc:h2: URLs are supported");
        }
        Path dataDir = map.parsed("data-dir", Path::of)
                .map(dir -> dir.isAbsolute() || baseDir == null ? dir : baseDir.resolve(dir)).orElse(Path.of("data"));
        Duration raw = map.duration("raw-retention", StorageConfig.DEFAULT_RAW_RETENTION, RAW_RETENTION);
        ConfigMap rollups = map.map("rollup-retention", ROLLUP_RETENTION_KEYS);
        RollupRetention defaults = RollupRetention.defaults();
        Duration minute = rollups.duration("minute", defaults.minute(), MINUTE_RETENTION);
        Duration hour = rollups.duration("hour", defaults.hour(), HOUR_RETENTION);
        Duration day = rollups.duration("day", defaults.day(), DAY_RETENTION);
        Optional<String> username = map.text("username");
        Optional<String> password = map.text("password");
        if (reader.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new StorageConfig(url, username, password, dataDir, raw, new RollupRetention(minute, hour, day)));
    }
}
