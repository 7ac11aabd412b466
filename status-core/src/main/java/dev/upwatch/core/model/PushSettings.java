package dev.upwatch.core.model;


import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a push (heartbeat) monitor: the monitored job calls {@code /api/v1/push/{token}} at least
 * every interval; a push missing for longer than interval + grace makes the monitor fail.
 *
 * @param token secret part of the push URL: at least 22 characters (128 bits of base64url or more) of
 *              {@code A-Z a-z 0-9 - _ . ~}
 * @param grace how much later than the interval a push may come before it counts as missing; 0 to 365 days
 */
public record PushSettings(String token, Duration grace) {
    /** The probe type name of push monitors. */
    public static final String TYPE = "push";
    /** Grace of a push monitor that sets none. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    /** Longest grace: as long as the longest monitor interval. */
    public static final Duration MAX_GRACE = Duration.ofDays(365);
    /** Shortest token accepted: 22 base64url characters carry 128 bits. */
    public static final int MIN_TOKEN_LENGTH = 22;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]+");

    public PushSettings {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(grace, "grace");
        if (token.length() < MIN_TOKEN_LENGTH || token.length() > 200 || !TOKEN.matcher(token).matches()) {
            throw new InvalidSettingException("token", "must be " + MIN_TOKEN_LENGTH + " to 200 characters of A-Z a-z "
                    + "0-9 - _ . ~ (a secret of at least 128 bits, e.g. from `openssl rand -hex 16`)");
        }
        if (grace.isNegative()) {
            throw new InvalidSettingException("grace", "must not be negative, got " + DurationText.format(grace));
        }
        if (grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidSettingException("grace", "must be at most " + DurationText.format(MAX_GRACE) + ", got "
                    + DurationText.format(grace));
        }
    }

    /**
     * Reads {@code token} and {@code grace} from a monitor's settings.
     *
     * @throws InvalidSettingException naming the bad setting
     */
    public static PushSettings read(ProbeSettings settings) {
        String token = settings.requireString("token").strip();
        Duration grace = settings.duration("grace", DEFAULT_GRACE);
        return new PushSettings(token, grace);
    }
}
