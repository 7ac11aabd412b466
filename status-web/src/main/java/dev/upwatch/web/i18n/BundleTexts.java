package dev.upwatch.web.i18n;

import dev.upwatch.core.port.ReaderTexts;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;

/** The pages' message bundles ({@link Messages}) as the core's {@link ReaderTexts}, for texts written outside the pages. */
final class BundleTexts implements ReaderTexts {
    static final BundleTexts INSTANCE = new BundleTexts();

    private BundleTexts() {
    }

    @Override
    public List<Locale> languages() {
        return Languages.SUPPORTED;
    }

    @Override
    public Optional<Locale> language(String wanted) {
        return Languages.byTag(wanted).or(() -> Languages.accepted(wanted));
    }

    @Override
    public String text(Locale language, String key, Object... arguments) {
        try {
            return Messages.of(language).text(key, arguments);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
