package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The definition stores' contract (monitors, channels, maintenance windows) on the embedded H2 file database, one directory per test. */
class H2DefinitionStoreTest extends DefinitionStoreContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }
}
