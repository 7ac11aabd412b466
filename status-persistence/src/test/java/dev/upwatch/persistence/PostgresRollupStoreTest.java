package dev.upwatch.persistence;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rollup store contract on a real PostgreSQL (see {@link PostgresServer} for where it comes from), one new
 * database per test. Fails, never skips, when no PostgreSQL can be had.
 */
class PostgresRollupStoreTest extends RollupStoreContract {
    @BeforeAll
    static void announceServer() {
        System.out.println("PostgresRollupStoreTest runs on " + PostgresServer.get().source());
    }

    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }

    @Test
    void runsOnPostgresql() throws SQLException {
        try (Connection connection = DirectJdbc.connect(settings);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select version()")) {
            assertTrue(rows.next());
            assertTrue(rows.getString(1).startsWith("PostgreSQL "), rows.getString(1));
        }
    }
}
