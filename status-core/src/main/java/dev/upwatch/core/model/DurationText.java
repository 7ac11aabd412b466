package dev.upwatch.core.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations in the configuration's short form: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 48h}, {@code 7d}. */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses a duration such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration, or one too long to hold
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty duration; expected a number with a unit such as 500ms, 30s, 5m, 48h or 7d");
        }
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int position = 0;
        while (position < trimmed.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; expected a number with a unit such as 500ms, 30s, 5m, 48h or 7d");
            }
            try {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> throw new IllegalStateException("unit " + matcher.group(2));
                });
            } catch (NumberFormatException | ArithmeticException e) {
                // More digits than a long holds, or more seconds than a Duration holds (about 292 billion years).
                throw new IllegalArgumentException("'" + (text.length() > 24 ? text.substring(0, 24) + "…" : text)
                        + "' is too long a duration");
            }
            position = matcher.end();
        }
        return total;
    }

    /** True when {@code text} parses as a duration with a unit. */
    public static boolean isDuration(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Prints a duration in the shortest exact short form, e.g. {@code 1m30s} or {@code 250ms}; below a millisecond is
     * left out. Any length prints (a day count beyond the millisecond range of a long included).
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long[] amounts = {duration.toDays(), duration.toHoursPart(), duration.toMinutesPart(), duration.toSecondsPart(),
                duration.toMillisPart()};
        String[] units = {"d", "h", "m", "s", "ms"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] > 0) {
                text.append(amounts[i]).append(units[i]);
            }
        }
        return text.toString();
    }
}
