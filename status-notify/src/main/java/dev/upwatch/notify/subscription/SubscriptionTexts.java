package dev.upwatch.notify.subscription;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The texts of subscriptions (mails, the subscribe form, its answers) from one resource bundle,
 * {@code SubscriptionTexts.properties}: English today, other languages as bundles beside it.
 */
public final class SubscriptionTexts {
    private static final String BUNDLE = "dev.upwatch.notify.subscription.SubscriptionTexts";

    private final ResourceBundle bundle;
    private final Locale locale;

    private SubscriptionTexts(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The texts in {@code locale}, falling back to English for any key a translation lacks. */
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
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    }

    /** The bundle itself, for templates that look up keys. */
    public ResourceBundle bundle() {
        return bundle;
    }
}
