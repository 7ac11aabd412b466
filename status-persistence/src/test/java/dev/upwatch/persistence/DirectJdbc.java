package dev.upwatch.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC beside the store, for tests that look at or tamper with the tables directly. */
final class DirectJdbc {
    private DirectJdbc() {
    }

    static Connection connect(DatabaseSettings settings) throws SQLException {
        Properties properties = new Properties();
        if (!settings.username().isEmpty()) {
            properties.setProperty("user", settings.username());
        }
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    /** The single number {@code sql} selects. */
    static long queryLong(DatabaseSettings settings, String sql) {
        try (Connection connection = connect(settings);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("no row from " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every stored sample, wherever it is: raw rows, the journal's rows (H2) and packed blocks. */
    static final String STORED_SAMPLES = "select (select count(*) from sample)"
            + " + (select coalesce(sum(sample_count), 0) from sample_journal)"
            + " + (select coalesce(sum(sample_count), 0) from sample_block)";

    /** {@link #STORED_SAMPLES}. */
    static long storedSamples(DatabaseSettings settings) {
        return queryLong(settings, STORED_SAMPLES);
    }

    static void execute(DatabaseSettings settings, String sql) {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
