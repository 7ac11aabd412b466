package dev.upwatch.probes.sql;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Dialer;
import dev.upwatch.probes.net.PhaseTimer;

import java.io.IOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One database check with the product's JDBC driver: resolve the host through the probe environment, let the driver
 * connect (its socket comes from the environment, see {@link DriverScope}), log in, run the query and read the first
 * column of the first row as {@code [RESULT]}. {@code [CONNECTED]} is true when the query ran. Phases: {@code dns},
 * {@code connect} (TCP), {@code tls} (with TLS: from the connection to the end of the handshake, which the protocol
 * starts after its own greeting or request), {@code auth} (startup, authentication and the driver's own setup
 * statements), {@code query}. Every check opens and closes its own connection.
 */
public final class SqlProbe implements Probe {
    /** Longest result text kept as {@code [RESULT]}, in characters. */
    static final int MAX_RESULT = 65_536;

    private final Dialer dialer;
    private final SqlDriver driver;
    private final SqlSettings settings;

    public SqlProbe(ProbeEnvironment environment, SqlDriver driver, SqlSettings settings) {
        this.dialer = new Dialer(environment);
        this.driver = Objects.requireNonNull(driver, "driver");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        PhaseTimer timer = PhaseTimer.start();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        List<CheckedAddress> addresses;
        try {
            addresses = dialer.resolve(settings.endpoint(), timer);
        } catch (UnknownHostException e) {
            return timer.describeTo(outcome).error(FailureReason.of(e, context.timeout())).build();
        }
        DriverScope scope = new DriverScope(dialer, addresses, settings.endpoint().port(), context, timer, outcome,
                settings.tls());
        String url = driver.url(addresses.get(0), settings.endpoint().port(), settings);
        try (Connection connection = scope.run(() -> driver.driver().connect(url,
                driver.properties(settings, context.remaining())))) {
            timer.lap("auth");
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(1);
                if (statement.execute(settings.query())) {
                    try (ResultSet rows = statement.getResultSet()) {
                        if (rows.next()) {
                            text(rows.getObject(1)).ifPresent(outcome::result);
                        }
                    }
                }
            }
            timer.lap("query");
            return timer.describeTo(outcome.connected(true)).build();
        } catch (SQLException e) {
            EgressDeniedException.findIn(e).ifPresent(denied -> {
                throw denied; // the runner records the check as BLOCKED
            });
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("check of " + settings.endpoint() + " interrupted");
            }
            return timer.describeTo(outcome).error(describe(e, context)).build();
        }
    }

    /** A column value as text: booleans as {@code true}/{@code false}, bytes in hex, anything else as it prints. */
    static Optional<String> text(Object value) {
        String text = switch (value) {
            case null -> null;
            case byte[] bytes -> java.util.HexFormat.of().formatHex(bytes);
            default -> value.toString();
        };
        return Optional.ofNullable(text).map(t -> t.length() > MAX_RESULT ? t.substring(0, MAX_RESULT) : t);
    }

    /**
     * A network or TLS failure below the driver in the reasons every probe gives ("connection refused", "certificate
     * expired on ..."); anything else is the server's or driver's own words: "postgres replied: FATAL: ...".
     */
    private String describe(SQLException failure, ProbeContext context) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof GeneralSecurityException) {
                return FailureReason.of(cause, context.timeout());
            }
        }
        return driver.product() + " replied: " + FailureReason.clean(String.valueOf(failure.getMessage()));
    }
}
