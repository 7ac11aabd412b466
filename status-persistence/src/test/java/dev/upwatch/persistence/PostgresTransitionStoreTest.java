package dev.upwatch.persistence;

/** The transition contract on a real PostgreSQL (see {@link PostgresServer}), one new database per test. */
class PostgresTransitionStoreTest extends TransitionStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
