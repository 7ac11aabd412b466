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

    static void execute(DatabaseSettings settings, String sql) {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
