package dev.upwatch.notify.subscription;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every language of the subscription texts: exactly English's keys (read from each file itself, so that nothing
 * passes through the fallback to English), the same placeholders in each text, and every text a pattern that formats.
 */
class SubscriptionTextsCoverageTest {
    /** The languages of the pages (status-web's {@code Languages.SUPPORTED}) besides English. */
    private static final List<String> TRANSLATIONS = List.of("de", "fr", "es", "ja");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private static Map<String, String> file(String suffix) throws IOException {
        String name = "SubscriptionTexts" + suffix + ".properties";
        try (InputStream in = SubscriptionTexts.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is on the class path");
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new TreeMap<>();
            properties.forEach((key, value) -> texts.put((String) key, (String) value));
            return texts;
        }
    }

    private static TreeSet<String> placeholders(String pattern) {
        TreeSet<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void everyLanguageHasExactlyTheEnglishKeysWithTheSamePlaceholders() throws IOException {
        Map<String, String> english = file("");
        for (String language : TRANSLATIONS) {
            Map<String, String> translated = file("_" + language);
            assertEquals(english.keySet(), translated.keySet(), language + ": the same keys as English");
            for (String key : english.keySet()) {
                assertEquals(placeholders(english.get(key)), placeholders(translated.get(key)),
                        language + ": " + key + " has English's placeholders");
            }
        }
    }

    @Test
    void everyTextFormatsInItsLanguageAndIsItsLanguagesOwn() throws IOException {
        Map<String, String> english = file("");
        Object[] arguments = {"A0", "A1", "A2", "A3"};
        for (String language : TRANSLATIONS) {
            SubscriptionTexts texts = SubscriptionTexts.of(Locale.forLanguageTag(language));
            for (String key : english.keySet()) {
                String text = texts.text(key, arguments);
                assertFalse(text.contains("{") || text.contains("''"), language + ": " + key + " formats: " + text);
                new MessageFormat(english.get(key), Locale.ENGLISH).format(arguments); // English formats too
            }
            assertNotEquals(SubscriptionTexts.english().text("form.title"), texts.text("form.title"),
                    language + " is its own, not English");
        }
        assertEquals("S'abonner", SubscriptionTexts.of(Locale.FRENCH).text("form.submit"), "a quote is written ''");
        assertEquals(SubscriptionTexts.english().text("form.title"),
                SubscriptionTexts.of(Locale.forLanguageTag("pt-BR")).text("form.title"), "English for any other");
    }
}
