package dev.upwatch.notify.subscription;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The texts of subscriptions (mails, the subscribe form, its answers) from one resource bundle,
 * {@code SubscriptionTexts.properties} in English and {@code SubscriptionTexts_de/fr/es/ja.properties} beside it. Every
 * text is a {@link MessageFormat} pattern, formatted also when it has no placeholder, so that a quote is written
 * {@code ''} in every text alike.
 */
public final class SubscriptionTexts {
    private static final String BUNDLE = "dev.upwatch.notify.subscription.SubscriptionTexts";

    private final ResourceBundle bundle;
    private final Locale locale;

    private SubscriptionTexts(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The texts in {@code locale}'s language; English for a language there are no texts in. */
    public static SubscriptionTexts of(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        return new SubscriptionTexts(ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)), locale);
    }

    /** The English texts. */
    public static SubscriptionTexts english() {
        return of(Locale.ROOT);
    }

    /** The text of {@code key} with {@code arguments} put in its {@code {0}}, {@code {1}}, ... */
    public String text(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** The bundle itself, for templates that look up keys. */
    public ResourceBundle bundle() {
        return bundle;
    }
}
