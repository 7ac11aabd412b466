package dev.upwatch.probes.postgres;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.sql.SqlProbe;
import dev.upwatch.probes.sql.SqlSettings;

import java.util.List;

/**
 * Builds {@code postgres} probes: connect with PostgreSQL JDBC, log in, run {@code query} ({@code SELECT 1}), its first
 * column of the first row as {@code [RESULT]}. Settings as {@link SqlSettings}; {@code port} 5432, {@code database}
 * the user's name by default.
 */
public final class PostgresProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "postgres";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        return new SqlProbe(environment, PostgresDriver.INSTANCE, SqlSettings.from(settings, 5432, environment));
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
