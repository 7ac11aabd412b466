package dev.upwatch.probes.dns;

import dev.upwatch.core.model.InvalidSettingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The name server a {@code dns} monitor asks: written {@code host}, {@code host:port}, {@code [v6]:port} or a bare
 * IPv6 address; port 53 unless given.
 *
 * @param host name or address of the server
 * @param port UDP port
 */
record DnsServer(String host, int port) {
    static final int DEFAULT_PORT = 53;

    DnsServer {
        Objects.requireNonNull(host, "host");
    }

    /** Parses the {@code server} setting. */
    static DnsServer parse(String text) {
        String trimmed = text.trim();
        String host = trimmed;
        Optional<String> port = Optional.empty();
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0 || (close + 1 < trimmed.length() && trimmed.charAt(close + 1) != ':')) {
                throw new InvalidSettingException("server", "'" + text + "' is not host, host:port or [address]:port");
            }
            host = trimmed.substring(1, close);
            port = close + 1 < trimmed.length() ? Optional.of(trimmed.substring(close + 2)) : Optional.empty();
        } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
            host = trimmed.substring(0, trimmed.indexOf(':'));
            port = Optional.of(trimmed.substring(trimmed.indexOf(':') + 1));
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidSettingException("server", "'" + text + "' does not name a host");
        }
        int number = DEFAULT_PORT;
        if (port.isPresent()) {
            try {
                number = Integer.parseInt(port.get());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("server", "port '" + port.get() + "' is not a number");
            }
            if (number < 1 || number > 65_535) {
                throw new InvalidSettingException("server", "port " + number + " is out of range [1, 65535]");
            }
        }
        return new DnsServer(host, number);
    }

    /** The first {@code nameserver} of {@code resolvConf} (the system resolver's configuration), if there is one. */
    static Optional<DnsServer> fromResolvConf(Path resolvConf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf);
        } catch (IOException e) {
            return Optional.empty();
        }
        return lines.stream().map(String::trim).filter(line -> line.startsWith("nameserver"))
                .map(line -> line.substring("nameserver".length()).trim())
                .filter(address -> !address.isEmpty())
                // An IPv6 address may carry a zone (fe80::1%eth0); the JDK parses that form too.
                .map(address -> new DnsServer(address, DEFAULT_PORT)).findFirst();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
