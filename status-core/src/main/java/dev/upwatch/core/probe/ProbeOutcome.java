package dev.upwatch.core.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a probe observed. Conditions are evaluated against it; fields a probe type does not produce stay empty.
 *
 * @param connected         whether a connection to the target was established
 * @param statusCode        the protocol status (HTTP status code), when there is one
 * @param body              the response body as text, only when a condition needs it (capped by the probe)
 * @param headers           response headers, names in lower case
 * @param certificateExpiry the {@code notAfter} of the target's leaf certificate, for TLS targets
 * @param ip                the address actually connected to
 * @param dnsRcode          the DNS response code name ({@code NOERROR}, {@code NXDOMAIN}), for DNS probes
 * @param dnssecValidated   whether the DNS resolver reported the answer as validated with DNSSEC (its AD flag), for
 *                          DNS probes that got an answer
 * @param elapsed           the response time as measured by the probe around the exchange itself; when empty,
 *                          the runner's own measurement of the whole call is used
 * @param phases            named timing phases in order, e.g. {@code connect}, {@code tls}, {@code firstByte}
 * @param error             why the target could not be reached or answered wrongly (connection refused, reset ...)
 */
public record ProbeOutcome(boolean connected, OptionalInt statusCode, Optional<String> body,
                           Map<String, List<String>> headers, Optional<Instant> certificateExpiry,
                           Optional<String> ip, Optional<String> dnsRcode, Optional<Boolean> dnssecValidated,
                           Optional<Duration> elapsed, Map<String, Duration> phases, Optional<String> error) {
    public ProbeOutcome {
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(certificateExpiry, "certificateExpiry");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(dnsRcode, "dnsRcode");
        Objects.requireNonNull(dnssecValidated, "dnssecValidated");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(error, "error");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** The outcome as probes built before {@code dnssecValidated} existed make it: that one empty. */
    public ProbeOutcome(boolean connected, OptionalInt statusCode, Optional<String> body,
                        Map<String, List<String>> headers, Optional<Instant> certificateExpiry, Optional<String> ip,
                        Optional<String> dnsRcode, Optional<Duration> elapsed, Map<String, Duration> phases,
                        Optional<String> error) {
        this(connected, statusCode, body, headers, certificateExpiry, ip, dnsRcode, Optional.empty(), elapsed, phases,
                error);
    }

    /** The target could not be reached: not connected, with the reason. */
    public static ProbeOutcome unreachable(String error) {
        return builder().connected(false).error(error).build();
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Starts an outcome; everything is empty and {@code connected} is false until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ProbeOutcome}. */
    public static final class Builder {
        private boolean connected;
        private OptionalInt statusCode = OptionalInt.empty();
        private Optional<String> body = Optional.empty();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Optional<Instant> certificateExpiry = Optional.empty();
        private Optional<String> ip = Optional.empty();
        private Optional<String> dnsRcode = Optional.empty();
        private Optional<Boolean> dnssecValidated = Optional.empty();
        private Optional<Duration> elapsed = Optional.empty();
        private final Map<String, Duration> phases = new LinkedHashMap<>();
        private Optional<String> error = Optional.empty();

        private Builder() {
        }

        public Builder connected(boolean connected) {
            this.connected = connected;
            return this;
        }

        public Builder statusCode(int statusCode) {
            this.statusCode = OptionalInt.of(statusCode);
            return this;
        }

        public Builder body(String body) {
            this.body = Optional.of(body);
            return this;
        }

        /** Adds a header value; the name is stored in lower case. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        public Builder certificateExpiry(Instant notAfter) {
            this.certificateExpiry = Optional.of(notAfter);
            return this;
        }

        public Builder ip(String ip) {
            this.ip = Optional.of(ip);
            return this;
        }

        public Builder dnsRcode(String rcode) {
            this.dnsRcode = Optional.of(rcode);
            return this;
        }

        public Builder dnssecValidated(boolean validated) {
            this.dnssecValidated = Optional.of(validated);
            return this;
        }

        public Builder elapsed(Duration elapsed) {
            this.elapsed = Optional.of(elapsed);
            return this;
        }

        /** Records a timing phase; phases keep the order they were added in. */
        public Builder phase(String name, Duration duration) {
            phases.put(name, duration);
            return this;
        }

        public Builder error(String error) {
            this.error = Optional.of(error);
            return this;
        }

        public ProbeOutcome build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new ProbeOutcome(connected, statusCode, body, frozen, certificateExpiry, ip, dnsRcode,
                    dnssecValidated, elapsed, phases, error);
        }
    }
}
