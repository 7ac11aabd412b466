package dev.upwatch.persistence;

import org.junit.jupiter.api.BeforeAll;

/**
 * The account store contract on a real PostgreSQL (see {@link PostgresServer} for where it comes from), one new
 * database per test. Fails, never skips, when no PostgreSQL can be had.
 */
class PostgresAccountStoreTest extends AccountStoreContract {
    @BeforeAll
    static void announceServer() {
        System.out.println("PostgresAccountStoreTest runs on " + PostgresServer.get().source());
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
