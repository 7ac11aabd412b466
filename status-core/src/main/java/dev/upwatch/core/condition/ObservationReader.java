package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.condition.JsonReader.MalformedJsonException;
import dev.upwatch.core.condition.Value.BooleanValue;
import dev.upwatch.core.condition.Value.DurationValue;
import dev.upwatch.core.condition.Value.NumberValue;
import dev.upwatch.core.condition.Value.PercentValue;
import dev.upwatch.core.condition.Value.TextValue;
import dev.upwatch.core.model.ProbeOutcome;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves placeholders against one observation, parsing the body as JSON at most once. Created per evaluation and
 * confined to it, so it needs no synchronization.
 */
final class ObservationReader {
    /** Shown for a placeholder the probe could not read for a reason on our side (the sample's error says which). */
    static final String NOT_CHECKED = "could not check";

    private final Observation observation;
    private boolean bodyParsed;
    private Optional<JsonValue> document = Optional.empty();
    private Optional<String> unreadable = Optional.empty();

    ObservationReader(Observation observation) {
        this.observation = Objects.requireNonNull(observation, "observation");
    }

    /** The value {@code reference} names on this check. */
    Reading read(Operand.Reference reference) {
        ProbeOutcome outcome = observation.outcome();
        if (outcome.unchecked().containsKey(reference.placeholder())) {
            return new Reading.Unavailable(NOT_CHECKED);
        }
        return switch (reference.placeholder()) {
            case STATUS -> outcome.statusCode().isPresent()
                    ? new Reading.Present(NumberValue.of(outcome.statusCode().getAsInt()))
                    : new Reading.Absent();
            case RESPONSE_TIME -> new Reading.Present(new DurationValue(observation.responseTime()));
            case BODY -> reference.path().isPresent() ? atPath(reference.path().get()) : text(outcome.body());
            case HEADER -> text(reference.header().flatMap(outcome::header));
            case CONNECTED -> new Reading.Present(new BooleanValue(outcome.connected()));
            case CERTIFICATE_EXPIRATION -> outcome.certificateExpiry()
                    .<Reading>map(notAfter -> new Reading.Present(
                            new DurationValue(Duration.between(observation.now(), notAfter))))
                    .orElseGet(Reading.Absent::new);
            case IP -> text(outcome.ip());
            case DNS_RCODE -> text(outcome.dnsRcode());
            case PACKET_LOSS -> outcome.packetLoss().<Reading>map(loss -> new Reading.Present(new PercentValue(loss)))
                    .orElseGet(Reading.Absent::new);
            case RESULT -> outcome.result().<Reading>map(result -> new Reading.Present(Value.parseNumber(result)
                    .<Value>map(number -> new NumberValue(number, result))
                    .orElseGet(() -> new TextValue(result)))).orElseGet(Reading.Absent::new);
            case GRPC_STATUS -> text(outcome.grpcStatus());
            case DOMAIN_EXPIRATION -> outcome.domainExpiry()
                    .<Reading>map(expiry -> new Reading.Present(
                            new DurationValue(Duration.between(observation.now(), expiry))))
                    .orElseGet(Reading.Absent::new);
            case DNSSEC -> outcome.dnssecValidated()
                    .<Reading>map(validated -> new Reading.Present(new BooleanValue(validated)))
                    .orElseGet(Reading.Absent::new);
        };
    }

    private static Reading text(Optional<String> text) {
        return text.<Reading>map(value -> new Reading.Present(new TextValue(value))).orElseGet(Reading.Absent::new);
    }

    private Reading atPath(JsonPath path) {
        if (!bodyParsed) {
            bodyParsed = true;
            parseBody();
        }
        if (unreadable.isPresent()) {
            return new Reading.Unavailable(unreadable.get());
        }
        return document.flatMap(path::select).<Reading>map(found -> new Reading.Present(Value.of(found)))
                .orElseGet(Reading.Absent::new);
    }

    private void parseBody() {
        Optional<String> body = observation.outcome().body();
        if (body.isEmpty()) {
            unreadable = Optional.of(Reading.NOT_AVAILABLE);
            return;
        }
        try {
            document = Optional.of(JsonReader.read(body.get()));
        } catch (MalformedJsonException e) {
            unreadable = Optional.of("invalid JSON: " + e.getMessage());
        }
    }
}
