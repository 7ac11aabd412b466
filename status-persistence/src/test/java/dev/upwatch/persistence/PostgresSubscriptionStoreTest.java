package dev.upwatch.persistence;

import org.junit.jupiter.api.BeforeAll;

/**
 * The subscription store contract on a real PostgreSQL (see {@link PostgresServer} for where it comes from), one new
 * database per test. Fails, never skips, when no PostgreSQL can be had.
 */
class PostgresSubscriptionStoreTest extends SubscriptionStoreContract {
    @BeforeAll
    static void announceServer() {
        System.out.println("PostgresSubscriptionStoreTest runs on " + PostgresServer.get().source());
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
