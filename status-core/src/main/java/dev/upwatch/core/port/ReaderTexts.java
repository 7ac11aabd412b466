package dev.upwatch.core.port;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The texts readers are told things in, in each language the status pages are written in — the pages' own message
 * bundles, for what is written outside the pages' templates (e.g. subscription emails). One complete set of texts per
 * language, with no fallback to another: a key a language lacks is an error, never English in its place.
 */
public interface ReaderTexts {
    /** The languages there are texts in; the first is the default of a reader who asks for none of them. */
    List<Locale> languages();

    /**
     * The offered language that best matches {@code wanted}: a language tag ({@code de}, {@code fr-CH}) or an
     * {@code Accept-Language} value ({@code pt-BR, fr;q=0.8}); empty when none matches.
     */
    Optional<Locale> language(String wanted);

    /**
     * The text of {@code key} in {@code language}, with {@code arguments} put in its ICU placeholders
     * ({@code {0}}, {@code {0, plural, one {# service} other {# services}}}).
     *
     * @throws IllegalArgumentException when the language is not offered or has no text {@code key}
     */
    String text(Locale language, String key, Object... arguments);
}
