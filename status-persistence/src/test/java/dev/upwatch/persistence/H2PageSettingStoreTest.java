package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The page setting store contract on the embedded H2 file database, one directory per test. */
class H2PageSettingStoreTest extends PageSettingStoreContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }
}
