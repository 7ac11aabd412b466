package dev.upwatch.persistence;

/**
 * The page setting store contract on a real PostgreSQL (see {@link PostgresServer} for where it comes from), one new
 * database per test. Fails, never skips, when no PostgreSQL can be had.
 */
class PostgresPageSettingStoreTest extends PageSettingStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
