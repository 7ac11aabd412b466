package dev.upwatch.persistence;

/** The outbox contract on a real PostgreSQL (see {@link PostgresServer}), one new database per test. */
class PostgresOutboxStoreTest extends OutboxStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
