package dev.upwatch.probes.net;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.ProbeSettings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** When a mail protocol's connection turns to TLS: never, after STARTTLS, or from the first byte (SMTPS, IMAPS). */
public enum TlsMode {
    /** Plain text throughout. */
    NONE,
    /** Plain greeting, then the STARTTLS command and a handshake on the same connection. */
    STARTTLS,
    /** TLS from the start, on the protocol's TLS port (465, 993). */
    IMPLICIT;

    /**
     * The {@code tls} setting: {@code none}, {@code starttls} or {@code implicit}; by default {@code implicit} on
     * {@code implicitPort} and {@code none} on any other.
     */
    public static TlsMode from(ProbeSettings settings, int port, int implicitPort) {
        String fallback = port == implicitPort ? "implicit" : "none";
        String written = settings.string("tls").orElse(fallback).strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().toLowerCase(Locale.ROOT).equals(written)).findFirst()
                .orElseThrow(() -> new InvalidSettingException("tls", "'" + written + "' is not one of "
                        + Arrays.stream(values()).map(mode -> mode.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
    }
}
