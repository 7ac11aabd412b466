package dev.upwatch.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database to the current schema with Flyway.
 *
 * <p>Every vendor runs {@code db/migration/common}; statements only one vendor understands go to
 * {@code db/migration/postgresql} or {@code db/migration/h2}, numbered in the same version sequence as the common
 * ones. Flyway does not expand a {@code {vendor}} placeholder itself, so the folder is chosen here.
 */
final class Migrations {
    static final String COMMON_FOLDER = "db/migration/common";

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
        List<String> locations = new ArrayList<>(List.of("classpath:" + COMMON_FOLDER));
        String vendorFolder = "db/migration/" + vendor.migrationFolder();
        if (classLoader.getResource(vendorFolder) != null) {
            locations.add("classpath:" + vendorFolder);
        }
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
}
