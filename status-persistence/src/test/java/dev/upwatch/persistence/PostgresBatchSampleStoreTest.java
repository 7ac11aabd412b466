package dev.upwatch.persistence;

import dev.upwatch.core.port.SampleStore;

/**
 * The sample store contract on PostgreSQL once more, writing with JDBC batches instead of the default COPY: both
 * write methods must store the same thing.
 */
class PostgresBatchSampleStoreTest extends SampleStoreContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }

    @Override
    protected SampleStore storeUnderTest() {
        return database.sampleStore(SampleWriteMethod.BATCH);
    }
}
