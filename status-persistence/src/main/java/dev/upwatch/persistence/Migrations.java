package dev.upwatch.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Brings a database to the current schema with Flyway.
 *
 * <p>Every vendor runs {@code db/migration/common}; statements only one vendor understands go to
 * {@code db/migration/postgresql} or {@code db/migration/h2}, numbered in the same version sequence as the common
 * ones. Flyway does not expand a {@code {vendor}} placeholder itself, so the folder is chosen here.
 */
final class Migrations {
    static final String COMMON_FOLDER = "db/migration/common";
    /** Rows Flyway writes for the history table or schema it created itself, not for a migration. */
    private static final java.util.Set<String> FLYWAY_MARKERS = java.util.Set.of("TABLE", "SCHEMA");

    private Migrations() {
    }

    /**
     * Applies the pending migrations; any failure propagates and leaves the failed migration rolled back where the
     * database allows it. Never cleans: {@code cleanDisabled} stays on.
     *
     * @return the number of migrations applied now (0 when the schema was current)
     */
    static int migrate(DataSource dataSource, Vendor vendor) {
        ClassLoader classLoader = Migrations.class.getClassLoader();
        List<String> folders = new ArrayList<>(List.of(COMMON_FOLDER));
        String vendorFolder = "db/migration/" + vendor.migrationFolder();
        if (classLoader.getResource(vendorFolder) != null) {
            folders.add(vendorFolder);
        }
        if (isCurrent(dataSource, classLoader, folders)) {
            return 0;
        }
        List<String> locations = folders.stream().map(folder -> "classpath:" + folder).toList();
        MigrateResult result = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .load()
                .migrate();
        if (!result.success) {
            throw new IllegalStateException("database migration did not succeed; failed: " + result.getFailedMigrations()
                    .stream().map(m -> m.version + " " + m.description).toList());
        }
        return result.migrationsExecuted;
    }

    /**
     * Whether the database has applied exactly the versioned migrations in {@code folders}, each successfully and
     * with the checksum Flyway computes for the file as it is now: then Flyway would apply nothing and find nothing to
     * refuse, so starting skips it (loading Flyway and validating every file cost about as much as the rest of the
     * database's opening). Any doubt — no history table, a failed or missing row, an unknown file, a changed one, a
     * folder it cannot list — answers false, and Flyway decides.
     */
    static boolean isCurrent(DataSource dataSource, ClassLoader classLoader, List<String> folders) {
        Map<String, Integer> shipped = new HashMap<>();
        try {
            for (String folder : folders) {
                for (Map.Entry<String, byte[]> file : MigrationFiles.in(classLoader, folder).entrySet()) {
                    if (!file.getKey().startsWith("V") || shipped.put(file.getKey(), checksum(file.getValue())) != null) {
                        return false; // a repeatable or a name used twice: Flyway's rules, Flyway's call
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Map<String, Integer> applied = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select script, checksum, success, version, type from flyway_schema_history")) {
            while (rows.next()) {
                if (FLYWAY_MARKERS.contains(rows.getString(5))) {
                    continue;
                }
                int checksum = rows.getInt(2);
                boolean noChecksum = rows.wasNull();
                if (!rows.getBoolean(3) || rows.getString(4) == null || noChecksum
                        || applied.put(rows.getString(1), checksum) != null) {
                    return false;
                }
            }
        } catch (SQLException e) {
            return false; // no history yet, or not readable: Flyway creates or reports it
        }
        return !shipped.isEmpty() && shipped.equals(applied);
    }

    /**
     * Flyway's checksum of a migration file: CRC-32 of its lines' UTF-8 bytes without line endings, a byte-order mark
     * removed from the first (Flyway's {@code ChecksumCalculator}).
     */
    static int checksum(byte[] file) throws IOException {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(file),
                StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = lines.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }
}
