package dev.upwatch.core.model;


import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
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
 * @param packetLoss        the share of echo requests that got no reply, in percent of those sent (0–100), for ICMP
 * @param result            what a query returned, as text: the first column of the first row, or a Redis reply
 * @param grpcStatus        the serving status a gRPC health check reported ({@code SERVING}, {@code NOT_SERVING} ...)
 * @param domainExpiry      when the target domain's registration expires (RDAP's {@code expiration} event)
 * @param unchecked         placeholders the probe could not read for a reason on our side, with that reason (an RDAP
 *                          server that did not answer): a condition reading one cannot be decided, and a check whose
 *                          only failing conditions are such is an {@code ERROR} sample, not a failure of the service
 */
public record ProbeOutcome(boolean connected, OptionalInt statusCode, Optional<String> body,
                           Map<String, List<String>> headers, Optional<Instant> certificateExpiry,
                           Optional<String> ip, Optional<String> dnsRcode, Optional<Boolean> dnssecValidated,
                           Optional<Duration> elapsed, Map<String, Duration> phases, Optional<String> error,
                           Optional<BigDecimal> packetLoss, Optional<String> result, Optional<String> grpcStatus,
                           Optional<Instant> domainExpiry, Map<Placeholder, String> unchecked) {
    public ProbeOutcome {
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(certificateExpiry, "certificateExpiry");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(dnsRcode, "dnsRcode");
        Objects.requireNonNull(dnssecValidated, "dnssecValidated");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(packetLoss, "packetLoss");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(grpcStatus, "grpcStatus");
        Objects.requireNonNull(domainExpiry, "domainExpiry");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        unchecked = unchecked.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(unchecked));
    }

    /** The outcome as probes built before {@code dnssecValidated} existed make it: that one and the later ones empty. */
    public ProbeOutcome(boolean connected, OptionalInt statusCode, Optional<String> body,
                        Map<String, List<String>> headers, Optional<Instant> certificateExpiry, Optional<String> ip,
                        Optional<String> dnsRcode, Optional<Duration> elapsed, Map<String, Duration> phases,
                        Optional<String> error) {
        this(connected, statusCode, body, headers, certificateExpiry, ip, dnsRcode, Optional.empty(), elapsed, phases,
                error);
    }

    /** The outcome as probes built before {@code packetLoss} existed make it: that one and the later ones empty. */
    public ProbeOutcome(boolean connected, OptionalInt statusCode, Optional<String> body,
                        Map<String, List<String>> headers, Optional<Instant> certificateExpiry, Optional<String> ip,
                        Optional<String> dnsRcode, Optional<Boolean> dnssecValidated, Optional<Duration> elapsed,
                        Map<String, Duration> phases, Optional<String> error) {
        this(connected, statusCode, body, headers, certificateExpiry, ip, dnsRcode, dnssecValidated, elapsed, phases,
                error, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
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
        private Optional<BigDecimal> packetLoss = Optional.empty();
        private Optional<String> result = Optional.empty();
        private Optional<String> grpcStatus = Optional.empty();
        private Optional<Instant> domainExpiry = Optional.empty();
        private final Map<Placeholder, String> unchecked = new EnumMap<>(Placeholder.class);

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

        /**
         * The share of echo requests without a reply.
         *
         * @param percent in percent of the requests sent, 0–100
         */
        public Builder packetLoss(BigDecimal percent) {
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("packet loss must be 0–100 %: " + percent);
            }
            this.packetLoss = Optional.of(percent);
            return this;
        }

        /** What a query returned, as text ({@code [RESULT]}). */
        public Builder result(String result) {
            this.result = Optional.of(result);
            return this;
        }

        /** The serving status of a gRPC health check ({@code [GRPC_STATUS]}). */
        public Builder grpcStatus(String status) {
            this.grpcStatus = Optional.of(status);
            return this;
        }

        /** When the target domain's registration expires ({@code [DOMAIN_EXPIRATION]}). */
        public Builder domainExpiry(Instant expiry) {
            this.domainExpiry = Optional.of(expiry);
            return this;
        }

        /**
         * {@code placeholder} could not be read for a reason on our side (not the target's fault): conditions reading it
         * are undecided, and the check is an error sample unless another condition failed.
         *
         * @param reason a short sentence, e.g. {@code RDAP server 192.0.2.8 did not answer}
         */
        public Builder unchecked(Placeholder placeholder, String reason) {
            unchecked.put(Objects.requireNonNull(placeholder, "placeholder"), Objects.requireNonNull(reason, "reason"));
            return this;
        }

        public ProbeOutcome build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new ProbeOutcome(connected, statusCode, body, frozen, certificateExpiry, ip, dnsRcode,
                    dnssecValidated, elapsed, phases, error, packetLoss, result, grpcStatus, domainExpiry, unchecked);
        }
    }
}
