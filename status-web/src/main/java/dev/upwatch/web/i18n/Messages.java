package dev.upwatch.web.i18n;

import com.ibm.icu.number.LocalizedNumberFormatter;
import com.ibm.icu.number.NumberFormatter;
import com.ibm.icu.number.Precision;
import com.ibm.icu.text.DateTimePatternGenerator;
import com.ibm.icu.text.MeasureFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.Measure;
import com.ibm.icu.util.MeasureUnit;
import com.ibm.icu.util.NoUnit;
import com.ibm.icu.util.ULocale;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts of one language and its way of writing numbers, durations and times: everything a page, a feed or a report
 * says in words comes from here. Texts are read from {@code i18n/messages_<language>.properties} (UTF-8), one complete
 * file per language with no fallback to another: a key missing from a language is an error, never English in its
 * place. A text with arguments is an ICU message ({@code {0, plural, one {# service} other {# services}}}), parsed once;
 * plural categories are CLDR's for the language.
 *
 * <p>One instance per language, loaded once and shared; thread-safe (a message format is used by one thread at a time,
 * the number, measure and date formatters are immutable).
 */
public final class Messages {
    private static final Map<Locale, Messages> LOADED = new ConcurrentHashMap<>();
    /** Shown where there is no value (no checks in a window). */
    public static final String NONE = "—";

    private final Locale locale;
    private final Map<String, String> patterns;
    private final Map<String, MessageFormat> formats = new ConcurrentHashMap<>();
    private final LocalizedNumberFormatter percent;
    private final LocalizedNumberFormatter wholePercent;
    private final LocalizedNumberFormatter integer;
    private final LocalizedNumberFormatter millis;
    private final LocalizedNumberFormatter tenthMillis;
    private final MeasureFormat durations;
    private final DateTimeFormatter minute;
    private final DateTimeFormatter second;
    private final DateTimeFormatter date;
    private final DateTimeFormatter month;

    private Messages(Locale locale, Map<String, String> patterns) {
        this.locale = locale;
        this.patterns = Map.copyOf(patterns);
        LocalizedNumberFormatter numbers = NumberFormatter.withLocale(locale).roundingMode(RoundingMode.HALF_EVEN);
        percent = numbers.unit(NoUnit.PERCENT).precision(Precision.fixedFraction(2));
        wholePercent = numbers.unit(NoUnit.PERCENT).precision(Precision.integer());
        integer = numbers.precision(Precision.integer());
        millis = numbers.unit(MeasureUnit.MILLISECOND).unitWidth(NumberFormatter.UnitWidth.SHORT)
                .precision(Precision.integer());
        tenthMillis = millis.precision(Precision.fixedFraction(1));
        durations = MeasureFormat.getInstance(ULocale.forLocale(locale), MeasureFormat.FormatWidth.SHORT);
        DateTimePatternGenerator skeletons = DateTimePatternGenerator.getInstance(ULocale.forLocale(locale));
        minute = pattern(skeletons, "yMMMdjmm", locale).withZone(ZoneOffset.UTC);
        second = pattern(skeletons, "yMMMdjmmss", locale).withZone(ZoneOffset.UTC);
        date = pattern(skeletons, "yMMMd", locale);
        month = pattern(skeletons, "yMMMM", locale);
    }

    /**
     * The language's own pattern for the CLDR {@code skeleton} (fields without order or punctuation, {@code j} the hour
     * of its usual clock), as browsers' {@code Intl.DateTimeFormat} writes the same fields; formatted by java.time,
     * whose formatters are immutable.
     */
    private static DateTimeFormatter pattern(DateTimePatternGenerator patterns, String skeleton, Locale locale) {
        return DateTimeFormatter.ofPattern(patterns.getBestPattern(skeleton), locale);
    }

    /** The texts of a supported language ({@link Languages#SUPPORTED}). */
    public static Messages of(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        return LOADED.computeIfAbsent(locale, Messages::load);
    }

    private static Messages load(Locale locale) {
        if (!Languages.SUPPORTED.contains(locale)) {
            throw new IllegalArgumentException("no texts in " + locale.toLanguageTag());
        }
        String resource = "i18n/messages_" + locale.toLanguageTag() + ".properties";
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> patterns = new java.util.HashMap<>();
            properties.stringPropertyNames().forEach(key -> patterns.put(key, properties.getProperty(key)));
            return new Messages(locale, patterns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The language. */
    public Locale locale() {
        return locale;
    }

    /** The language's tag, e.g. {@code de}, as {@code lang} attributes and links carry it. */
    public String tag() {
        return locale.toLanguageTag();
    }

    /** Every key of this language's file. */
    public Set<String> keys() {
        return patterns.keySet();
    }

    /**
     * The text of {@code key} with {@code arguments} put in its {@code {0}}, {@code {1}}, ...
     *
     * @throws MissingResourceException when this language has no such text
     */
    public String text(String key, Object... arguments) {
        String pattern = patterns.get(key);
        if (pattern == null) {
            throw new MissingResourceException("no text '" + key + "' in " + tag(), Messages.class.getName(), key);
        }
        if (arguments.length == 0 && pattern.indexOf('{') < 0 && pattern.indexOf('\'') < 0) {
            return pattern;
        }
        MessageFormat format = formats.computeIfAbsent(key, k -> new MessageFormat(pattern, ULocale.forLocale(locale)));
        synchronized (format) {
            return format.format(arguments);
        }
    }

    /**
     * An uptime percentage with two decimals, cut (never rounded up: 99.996 is {@code 99.99%}, and only exactly 100 is
     * {@code 100%}); a dash without a value.
     */
    public String percent(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return NONE;
        }
        double value = uptime.getAsDouble();
        if (value >= 100.0) {
            return wholePercent.format(100).toString();
        }
        return percent.format(BigDecimal.valueOf(Math.floor(value * 100 + 1e-9)).movePointLeft(2)).toString();
    }

    /** A percentage with {@code decimals} decimals, rounded half-even (reports, SLA targets). */
    public String percent(BigDecimal value, int decimals) {
        return wholePercent.precision(Precision.fixedFraction(decimals)).format(value).toString();
    }

    /** A whole number with the language's grouping, e.g. {@code 43,200} or {@code 43.200}. */
    public String number(long value) {
        return integer.format(value).toString();
    }

    /** A response time in milliseconds: one decimal below 10 ms ({@code 4.2 ms}), whole above ({@code 123 ms}). */
    public String millis(long micros) {
        if (micros < 10_000) {
            return tenthMillis.format(BigDecimal.valueOf(micros, 3)).toString();
        }
        return millis.format(micros / 1_000).toString();
    }

    /**
     * A duration in days, hours and minutes, the two largest units that are not zero ({@code 2 days, 3 hr},
     * {@code 1 hr, 5 min}, {@code 4 min}), or the language's "under a minute".
     */
    public String duration(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes == 0) {
            return text("duration.underMinute");
        }
        List<Measure> parts = new ArrayList<>(2);
        long days = minutes / 1_440;
        long hours = minutes % 1_440 / 60;
        long rest = minutes % 60;
        if (days > 0) {
            parts.add(new Measure(days, MeasureUnit.DAY));
            if (hours > 0) {
                parts.add(new Measure(hours, MeasureUnit.HOUR));
            }
        } else {
            if (hours > 0) {
                parts.add(new Measure(hours, MeasureUnit.HOUR));
            }
            if (rest > 0) {
                parts.add(new Measure(rest, MeasureUnit.MINUTE));
            }
        }
        return durations.formatMeasures(parts.toArray(Measure[]::new));
    }

    /** An instant to the minute, in UTC, e.g. {@code Nov 24, 2026, 12:00 PM UTC}; pages localise it in the browser. */
    public String minute(Instant instant) {
        return minute.format(instant) + " UTC";
    }

    /** An instant to the second, in UTC. */
    public String second(Instant instant) {
        return second.format(instant) + " UTC";
    }

    /** A day, e.g. {@code Nov 24, 2026}. */
    public String date(LocalDate day) {
        return date.format(day);
    }

    /** A month, e.g. {@code November 2026}. */
    public String month(YearMonth month) {
        return this.month.format(month);
    }
}
