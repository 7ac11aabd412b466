package dev.upwatch.persistence;

import org.junit.jupiter.api.BeforeAll;

/**
 * The definition stores' contract (monitors, channels, maintenance windows) on a real PostgreSQL (see {@link PostgresServer} for where it comes from), one new
 * database per test. Fails, never skips, when no PostgreSQL can be had.
 */
class PostgresDefinitionStoreTest extends DefinitionStoreContract {
    @BeforeAll
    static void announceServer() {
        System.out.println("PostgresDefinitionStoreTest runs on " + PostgresServer.get().source());
    }

    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
