package dev.upwatch.probes.icmp;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;

import java.time.Duration;
import java.util.List;

/**
 * Builds {@code icmp} probes: {@code count} echo requests to a host, packet loss as {@code [PACKET_LOSS]} and the
 * mean round trip as {@code [RESPONSE_TIME]}.
 *
 * <p>Settings: {@code host} (required), {@code count} (3, 1–20), {@code packet-interval} (time between requests,
 * 200ms, 10ms–10s), {@code packet-timeout} (how long to wait for each reply, 1s, 1ms–60s) and {@code size} (payload
 * bytes, 56, 0–1452).
 */
public final class IcmpProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "icmp";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        String host = Endpoint.hostName(settings.requireString("host"), "host");
        int count = settings.integer("count", 3, 1, 20);
        Duration interval = bounded(settings, "packet-interval", Duration.ofMillis(200), Duration.ofMillis(10),
                Duration.ofSeconds(10));
        Duration timeout = bounded(settings, "packet-timeout", Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofSeconds(60));
        int size = settings.integer("size", 56, 0, 1452);
        return new IcmpProbe(environment, IcmpThreads.of(environment), host,
                new IcmpProbe.Plan(count, interval, timeout, size), IcmpSocket.Kind.AUTO);
    }

    private static Duration bounded(ProbeSettings settings, String key, Duration fallback, Duration min, Duration max) {
        Duration value = settings.duration(key, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSettingException(key, DurationText.format(value) + " is out of range ["
                    + DurationText.format(min) + ", " + DurationText.format(max) + "]");
        }
        return value;
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
