package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The subscription store contract on the embedded H2 file database, one directory per test. */
class H2SubscriptionStoreTest extends SubscriptionStoreContract {
    @TempDir
    Path directory;

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.embedded(directory.resolve("data"));
    }
}
