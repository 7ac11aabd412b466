package dev.upwatch.probes.tcp;

import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeSettings;

import java.util.List;

/** Builds {@code tcp} probes, which check that a TCP connection to {@code host}:{@code port} can be opened. */
public final class TcpProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public Probe create(ProbeSettings settings) {
        String host = settings.requireString("host").trim();
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidSettingException("host", "'" + host + "' is not a host name or address");
        }
        settings.requireString("port");
        int port = settings.integer("port", 0, 1, 65_535);
        return new TcpProbe(host, port);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
