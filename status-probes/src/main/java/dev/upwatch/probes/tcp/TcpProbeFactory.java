package dev.upwatch.probes.tcp;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;

import java.util.List;
import java.util.Optional;

/**
 * Builds {@code tcp} probes, which check that a TCP connection to {@code host}:{@code port} can be opened.
 * Optional {@code send} (a line, CRLF appended) and {@code expect} (text the first reply line must contain).
 */
public final class TcpProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "tcp";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        String host = settings.requireString("host").trim();
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidSettingException("host", "'" + host + "' is not a host name or address");
        }
        settings.requireString("port");
        int port = settings.integer("port", 0, 1, 65_535);
        Optional<String> send = settings.string("send");
        send.filter(line -> line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0).ifPresent(line -> {
            throw new InvalidSettingException("send", "is one line: it must not contain a line break (CRLF is appended)");
        });
        Optional<String> expect = settings.string("expect");
        if (expect.isPresent() && expect.get().isEmpty()) {
            throw new InvalidSettingException("expect", "is empty; leave it out to accept any reply");
        }
        return new TcpProbe(environment, host, port, send, expect);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
