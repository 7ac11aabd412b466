package dev.upwatch.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Gives each test a new, empty, migrated database of one product; the store contracts build on it and each
 * subclass names the product.
 */
abstract class FreshDatabaseTest {

    /** Settings of a new, empty database for one test. */
    protected abstract DatabaseSettings newDatabase();

    /** Releases what {@link #newDatabase()} made, after the test closed its connections. */
    protected void dropDatabase(DatabaseSettings settings) {
    }

    protected DatabaseSettings settings;
    protected Database database;

    @BeforeEach
    void openFreshDatabase() {
        settings = newDatabase();
        database = Database.open(settings);
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
        if (settings != null) {
            dropDatabase(settings);
        }
    }
}
