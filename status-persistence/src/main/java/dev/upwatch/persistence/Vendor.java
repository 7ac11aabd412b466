package dev.upwatch.persistence;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;

import java.util.Arrays;
import java.util.Optional;

/** A database product Upwatch can store samples in, recognised by its JDBC URL prefix. */
enum Vendor {
    POSTGRESQL("jdbc:postgresql:", SQLDialect.POSTGRES, "postgresql"),
    H2("jdbc:h2:", SQLDialect.H2, "h2");

    private final String urlPrefix;
    private final SQLDialect dialect;
    private final String migrationFolder;

    Vendor(String urlPrefix, SQLDialect dialect, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.dialect = dialect;
        this.migrationFolder = migrationFolder;
    }

    /** The vendor whose driver serves {@code jdbcUrl}, if any. */
    static Optional<Vendor> of(String jdbcUrl) {
        return Arrays.stream(values()).filter(v -> jdbcUrl.startsWith(v.urlPrefix)).findFirst();
    }

    /** The URL prefixes understood, for error messages. */
    static String supportedPrefixes() {
        return String.join(" or ", Arrays.stream(values()).map(v -> v.urlPrefix + "...").toList());
    }

    SQLDialect dialect() {
        return dialect;
    }

    /**
     * Makes the commits made so far durable. H2 keeps commits in memory for up to its write delay (500 ms by default;
     * a crash test lost notifications and samples in that window), so it writes them to its file now and has the
     * operating system put them on the disk ({@code CHECKPOINT SYNC}: one write of the changed pages and an fsync).
     * With the fsync an acknowledged batch survives a power cut too, not only a killed process (one a second at the
     * writer's 1 s batch window).
     * PostgreSQL's commit is durable when it returns. Call it once per transaction or batch, never per row.
     */
    void flushCommits(DSLContext dsl) {
        if (this == H2) {
            dsl.execute("checkpoint sync");
        }
    }

    /** Folder under {@code db/migration/} that holds the statements only this vendor runs. */
    String migrationFolder() {
        return migrationFolder;
    }
}
