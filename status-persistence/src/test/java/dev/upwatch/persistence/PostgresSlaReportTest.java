package dev.upwatch.persistence;

/** The SLA report and export contract on a real PostgreSQL, one new database per test. */
class PostgresSlaReportTest extends SlaReportContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
