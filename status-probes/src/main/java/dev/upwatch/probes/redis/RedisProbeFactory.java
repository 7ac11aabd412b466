package dev.upwatch.probes.redis;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;

import java.util.List;
import java.util.Optional;

/**
 * Builds {@code redis} probes: connect (optionally over TLS), authenticate, select a database and run one command
 * (default {@code PING}); the reply is {@code [RESULT]}.
 *
 * <p>Settings: {@code host} (required), {@code port} (6379), {@code username} and {@code password} (ACL or legacy
 * {@code requirepass} authentication), {@code database} (0), {@code command} ({@code PING}; words separated by spaces,
 * {@code "double quotes"} around a word with spaces), {@code tls} (false), {@code server-name} (SNI and the name the
 * certificate must match; default the host) and {@code insecure} (false).
 */
public final class RedisProbeFactory implements ProbeFactory {
    /** Most words of a command. */
    static final int MAX_WORDS = 32;

    @Override
    public String type() {
        return "redis";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, 6379);
        Optional<String> username = settings.string("username");
        Optional<String> password = settings.string("password");
        if (username.isPresent() && password.isEmpty()) {
            throw new InvalidSettingException("username", "needs a password");
        }
        int database = settings.integer("database", 0, 0, 1_000_000);
        List<String> command = RedisCommand.words(settings.string("command").orElse("PING"));
        Optional<TlsLayer> layer = TlsLayer.fromSettings(settings, environment, endpoint.host(),
                settings.bool("tls", false));
        return new RedisProbe(environment, endpoint, new RedisLogin(username, password, database), command, layer);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
