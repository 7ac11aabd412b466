package dev.upwatch.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one attempt went, as the transport judged the receiver's answer; the dispatcher turns it into the message's
 * next state. {@code statusCode} is the HTTP status, or the SMTP reply code, when the receiver answered.
 */
public sealed interface AttemptResult {

    /** The receiver's status or reply code, when it answered. */
    OptionalInt statusCode();

    /** Accepted by the receiver: never sent again. */
    record Delivered(OptionalInt statusCode) implements AttemptResult {
        public Delivered {
            Objects.requireNonNull(statusCode, "statusCode");
        }
    }

    /**
     * Not delivered, worth another attempt: a server error, a timeout, a lost connection, throttling.
     *
     * @param problem what went wrong, for the delivery log
     * @param after   how long the receiver asked to wait ({@code Retry-After}, a body's {@code retry_after}), if it
     *                said; it holds back the whole channel
     */
    record RetryAfter(OptionalInt statusCode, String problem, Optional<Duration> after) implements AttemptResult {
        public RetryAfter {
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(after, "after");
        }
    }

    /** Refused in a way another attempt would not change (a 4xx, a redirect, SMTP 5xx, the egress policy): given up. */
    record Dead(OptionalInt statusCode, String problem) implements AttemptResult {
        public Dead {
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** The endpoint is gone (HTTP 410): given up, and the channel is disabled until its URL changes. */
    record Gone(OptionalInt statusCode, String problem) implements AttemptResult {
        public Gone {
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(problem, "problem");
        }
    }
}
