package dev.upwatch.web.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the pages and feeds are written in, and how one is chosen for a request: the {@code lang} parameter
 * (the page's language links), else the {@value #COOKIE} cookie those links set, else the best match of the
 * browser's {@code Accept-Language}, else the page's own default.
 */
public final class Languages {
    /** English, German, French, Spanish, Japanese; English is the default of a page that names none. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"), Locale.JAPANESE);
    /** The query parameter of the language links. */
    public static final String PARAMETER = "lang";
    /** The cookie that remembers a visitor's choice. */
    public static final String COOKIE = "upwatch-lang";

    private Languages() {
    }

    /** The supported language of {@code tag} ({@code de}, {@code de-CH}, {@code JA}); empty for any other. */
    public static Optional<Locale> byTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.strip()).getLanguage();
        return SUPPORTED.stream().filter(locale -> locale.getLanguage().equals(language)).findFirst();
    }

    /**
     * The language of a request.
     *
     * @param parameter      the {@code lang} parameter, or null
     * @param cookie         the {@value #COOKIE} cookie's value, or null
     * @param acceptLanguage the {@code Accept-Language} header, or null
     * @param fallback       the page's default language
     */
    public static Locale choose(String parameter, String cookie, String acceptLanguage, Locale fallback) {
        return byTag(parameter).or(() -> byTag(cookie)).or(() -> accepted(acceptLanguage)).orElse(fallback);
    }

    /** The texts of every language, for what is written outside the pages (subscription emails, for one). */
    public static dev.upwatch.core.port.ReaderTexts texts() {
        return BundleTexts.INSTANCE;
    }

    /** A language's name in itself, e.g. {@code Deutsch}, {@code Français}, {@code 日本語}. */
    public static String name(Locale locale) {
        String name = locale.getDisplayLanguage(locale);
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
    }

    /** The best supported match of an {@code Accept-Language} value (RFC 4647 lookup, q-values honoured). */
    static Optional<Locale> accepted(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Optional.empty();
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
            for (Locale.LanguageRange range : ranges) {
                if (range.getWeight() == 0 || range.getRange().equals("*")) {
                    continue;
                }
                Optional<Locale> match = byTag(range.getRange());
                if (match.isPresent()) {
                    return match;
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed header says nothing
        }
    }
}
