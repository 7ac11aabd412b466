package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A channel whose endpoint answered 410 Gone: nothing more is sent to it until its URL changes.
 *
 * @param channel        the channel's id
 * @param urlFingerprint identifies the URL that was gone without storing it (it may be a credential), e.g. a hash
 * @param at             when it was disabled
 * @param reason         why, for people
 */
public record DisabledChannel(String channel, String urlFingerprint, Instant at, String reason) {
    public DisabledChannel {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(urlFingerprint, "urlFingerprint");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
