package dev.upwatch.probes.mysql;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.sql.SqlProbe;
import dev.upwatch.probes.sql.SqlSettings;

import java.util.List;

/**
 * Builds {@code mysql} probes (MySQL and MariaDB): connect with MariaDB Connector/J, log in, run {@code query}
 * ({@code SELECT 1}), its first column of the first row as {@code [RESULT]}. Settings as {@link SqlSettings};
 * {@code port} 3306, no {@code database} by default.
 */
public final class MysqlProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "mysql";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        return new SqlProbe(environment, MariadbDriver.INSTANCE, SqlSettings.from(settings, 3306, environment));
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
