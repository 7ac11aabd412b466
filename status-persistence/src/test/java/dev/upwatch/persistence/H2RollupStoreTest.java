package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rollup store contract on the embedded H2 file database, one directory per test. */
class H2RollupStoreTest extends RollupStoreContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }

    @Test
    void keepsItsFileInTheGivenDirectory() {
        assertTrue(Files.isRegularFile(directory.resolve("data").resolve("upwatch.mv.db")));
    }
}
