package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Messages;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An instant as the pages show it: a {@code <time>} element whose text is the UTC time in the page's language, which
 * the page script replaces by the visitor's local time (the UTC text becomes its title, shown on hover).
 *
 * @param datetime the machine-readable instant, at most to the millisecond (the Nu checker refuses nanoseconds)
 * @param text     the same in words, in UTC, e.g. {@code Nov 24, 2026, 12:00 PM UTC}
 * @param seconds  whether the time is shown to the second (checks) rather than the minute
 */
public record TimeView(String datetime, String text, boolean seconds) {
    public TimeView {
        Objects.requireNonNull(datetime, "datetime");
        Objects.requireNonNull(text, "text");
    }

    /** {@code at} to the minute. */
    public static TimeView minute(Instant at, Messages messages) {
        return new TimeView(datetime(at), messages.minute(at), false);
    }

    /** {@code at} to the second. */
    public static TimeView second(Instant at, Messages messages) {
        return new TimeView(datetime(at), messages.second(at), true);
    }

    /** An instant as a valid HTML {@code datetime}: at most millisecond precision. */
    static String datetime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
