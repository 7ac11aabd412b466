package dev.upwatch.probes.websocket;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@code websocket} probes: open a WebSocket, optionally send one text message, and read the first message
 * that comes back as {@code [BODY]}.
 *
 * <p>Settings: {@code url} (required, {@code ws://} or {@code wss://}), {@code send} (a text message sent once open),
 * {@code headers} (map, sent with the upgrade request), {@code subprotocols} (list) and {@code max-message} (bytes of
 * a reply read at most, 65536).
 */
public final class WebSocketProbeFactory implements ProbeFactory {
    /** Most headers of the upgrade request. */
    static final int MAX_HEADERS = 50;

    @Override
    public String type() {
        return "websocket";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        URI url = url(settings.requireString("url").strip());
        Optional<String> send = settings.string("send");
        Map<String, String> headers = settings.stringMap("headers");
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidSettingException("headers", headers.size() + " headers, at most " + MAX_HEADERS);
        }
        headers.forEach((name, value) -> {
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == ':')) {
                throw new InvalidSettingException("headers", "'" + name + "' is not a header name");
            }
            if (value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f)) {
                throw new InvalidSettingException("headers", "the value of " + name + " contains a control character");
            }
        });
        List<String> subprotocols = settings.stringList("subprotocols");
        int maxMessage = settings.integer("max-message", 65_536, 1, 16 * 1024 * 1024);
        return new WebSocketProbe(SharedWebSocketClient.of(environment), url, send, headers, subprotocols, maxMessage);
    }

    private static URI url(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("url", "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new InvalidSettingException("url", "'" + text + "' is not a ws:// or wss:// URL");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new InvalidSettingException("url", "'" + text + "' needs a host and no credentials");
        }
        return url;
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
