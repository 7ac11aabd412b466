package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample store contract on the embedded H2 file database, one directory per test. */
class H2SampleStoreTest extends SampleStoreContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }

    @Override
    protected boolean keepsLocations() {
        return false;
    }

    @Test
    void keepsItsFileInTheGivenDirectory() {
        assertTrue(Files.isRegularFile(directory.resolve("data").resolve("upwatch.mv.db")));
    }
}
