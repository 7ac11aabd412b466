package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The SLA report and export contract on the embedded H2 file database. */
class H2SlaReportTest extends SlaReportContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }
}
