package dev.upwatch.web;

import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.rule.Headline;
import dev.upwatch.web.i18n.Languages;
import dev.upwatch.web.i18n.Messages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page in every language: the same keys in every language file, every key the templates and the code name
 * present in each (a missing one is an error, never English in its place), and every page — home, service, history,
 * report, feeds, the chart fragment, the not-found page — of the default page and of a configured one ({@code /p/team/}),
 * rendered in each language, with an open incident and an announced maintenance window, answering with that language's
 * {@code lang} and no message left unformatted.
 */
class TranslationCoverageTest {
    private static final Messages ENGLISH = Messages.of(Locale.ENGLISH);
    private static FlippableTarget target;
    private static WebhookReceiver receiver;
    private static UpwatchApplication app;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("upwatch-languages");
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        Instant soon = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s", "", """
                maintenance:
                  - { title: "Database upgrade", monitors: [target], start: "%s", duration: 1h }
                pages:
                  - { slug: team, title: "Team Status", monitors: [target], accent: "#0a7", language: ja }
                """.formatted(soon)), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        target.answer(503);
        UpwatchServerTest.await("an incident with a timeline", Duration.ofSeconds(15), () -> !app.incidents().active().isEmpty());
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
        receiver.close();
    }

    @Test
    void everyLanguageHasEveryKeyOfEnglishAndNoOtherAndEveryMessageFormats() {
        for (Locale locale : Languages.SUPPORTED) {
            Messages messages = Messages.of(locale);
            assertEquals(new TreeSet<>(ENGLISH.keys()), new TreeSet<>(messages.keys()), locale + ": the same keys as English");
            for (String key : messages.keys()) {
                String text = messages.text(key, 2, 3, 4, 5); // an ICU message that does not parse throws here
                assertFalse(text.isBlank() && !key.equals("phase.separator"), locale + " " + key + " is empty");
            }
        }
    }

    @Test
    void theSameTextsServeOutsideThePagesThroughTheCorePort() {
        dev.upwatch.core.port.ReaderTexts texts = Languages.texts();
        assertEquals(Languages.SUPPORTED, texts.languages());
        assertEquals(Optional.of(Locale.FRENCH), texts.language("pt-BR, fr-CH;q=0.9, en;q=0.8"));
        assertEquals(Optional.of(Locale.GERMAN), texts.language("de-AT"));
        assertEquals(Optional.empty(), texts.language("it"));
        String plural = ENGLISH.keys().stream().filter(key -> ENGLISH.text(key, 1).contains("1")
                && !ENGLISH.text(key, 1).equals(ENGLISH.text(key, 2).replace("2", "1"))).sorted().findFirst().orElseThrow();
        for (Locale locale : texts.languages()) {
            for (int n : new int[] {1, 2, 5}) {
                assertEquals(Messages.of(locale).text(plural, n), texts.text(locale, plural, n), locale + " " + plural);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> texts.text(Locale.GERMAN, "no.such.text"));
        assertThrows(IllegalArgumentException.class, () -> texts.text(Locale.ITALIAN, plural, 1));
    }

    @Test
    void aMissingKeyIsAnErrorNotEnglish() {
        MissingResourceException missing = assertThrows(MissingResourceException.class,
                () -> Messages.of(Locale.GERMAN).text("no.such.text"));
        assertTrue(missing.getMessage().contains("'no.such.text' in de"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Messages.of(Locale.ITALIAN), "no texts in Italian");
    }

    @Test
    void everyKeyTheTemplatesAndTheCodeNameIsInEveryLanguage() throws Exception {
        Set<String> named = new TreeSet<>();
        Pattern template = Pattern.compile("t\\(\"([A-Za-z0-9.-]+)\"");
        // Every template, the console's folder included (its texts are English only and name no key today).
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher matcher = template.matcher(Files.readString(file));
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        Set<String> prefixes = new TreeSet<>();
        ENGLISH.keys().forEach(key -> prefixes.add(key.substring(0, key.indexOf('.'))));
        Pattern literal = Pattern.compile("\"((?:" + String.join("|", prefixes) + ")\\.[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/dev/upwatch/web"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = literal.matcher(Files.readString(source));
                while (matcher.find()) {
                    if (!matcher.group(1).matches(".*\\.(ftlh|css|js|svg|properties|json)")) {
                        named.add(matcher.group(1));
                    }
                }
            }
        }
        // The keys the code makes from a value: every status, headline, outcome, incident state and named phase.
        for (Status status : Status.values()) {
            named.add("status." + status.wireName());
            if (status != Status.UP) {
                named.add("group.notUp." + status.wireName());
            }
        }
        for (Headline headline : Headline.values()) {
            named.add("headline." + headline.wireName());
        }
        for (Outcome outcome : Outcome.values()) {
            named.add("outcome." + outcome.wireName());
        }
        for (IncidentState state : IncidentState.values()) {
            named.add("incident.state." + state.wireName());
        }
        List.of("dns", "connect", "tls", "firstByte", "transfer").forEach(phase -> named.add("phase." + phase));
        assertTrue(named.size() > 100, "the scan finds the keys: " + named);
        for (Locale locale : Languages.SUPPORTED) {
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(Messages.of(locale).keys());
            assertEquals(Set.of(), missing, locale + " lacks texts the pages name");
        }
    }

    @Test
    void pluralsNumbersAndDurationsFollowEachLanguage() {
        Messages de = Messages.of(Locale.GERMAN);
        Messages fr = Messages.of(Locale.FRENCH);
        Messages ja = Messages.of(Locale.JAPANESE);
        Messages es = Messages.of(Locale.forLanguageTag("es"));
        assertEquals(List.of("1 service", "2 services", "0 services"), List.of(ENGLISH.text("group.services", 1),
                ENGLISH.text("group.services", 2), ENGLISH.text("group.services", 0)));
        assertEquals(List.of("0 service", "1 service", "2 services"), List.of(fr.text("group.services", 0),
                fr.text("group.services", 1), fr.text("group.services", 2)), "French counts 0 as one (CLDR)");
        assertEquals(List.of("1 Dienst", "1.000 Dienste"), List.of(de.text("group.services", 1),
                de.text("group.services", 1000)));
        assertEquals("1 件のサービス", ja.text("group.services", 1), "Japanese has no plural");
        assertEquals("3 servicios", es.text("group.services", 3));
        assertEquals("99,95\u00a0%", de.percent(OptionalDouble.of(99.959)), "cut, never rounded up; German decimal comma");
        assertEquals("99.95%", ENGLISH.percent(OptionalDouble.of(99.959)));
        assertEquals("2 days, 3 hr", ENGLISH.duration(Duration.ofHours(51).plusMinutes(10)));
        assertEquals("1 Std., 5 Min.", de.duration(Duration.ofMinutes(65)));
        assertEquals("4 分", ja.duration(Duration.ofMinutes(4)));
        assertEquals("moins d’une minute", fr.duration(Duration.ofSeconds(20)));
        assertEquals("4,3 ms", de.millis(4_260));
        assertEquals("123 ms", ENGLISH.millis(123_400));
    }

    @Test
    void everyPageRendersInEveryLanguage() throws Exception {
        List<String> pages = List.of("/", "/services/target", "/history", "/report", "/report/services/target",
                "/services/target/chart", "/services/nope", "/feeds/atom", "/feeds/rss", "/feeds/services/target/atom");
        List<String> problems = new ArrayList<>();
        for (Locale locale : Languages.SUPPORTED) {
            String tag = locale.toLanguageTag();
            for (String page : pages.stream().flatMap(path -> Stream.of(path, "/p/team" + path)).toList()) {
                HttpResponse<String> response = ServerRequests.get(app.baseUri(), page.substring(1) + "?lang=" + tag);
                String body = response.body();
                int expected = page.endsWith("/services/nope") ? 404 : 200;
                if (response.statusCode() != expected) {
                    problems.add(tag + " " + page + ": " + response.statusCode() + " " + body.substring(0,
                            Math.min(300, body.length())));
                    continue;
                }
                boolean feed = page.contains("/feeds/");
                boolean fragment = page.endsWith("/chart");
                if (!feed && !fragment && !body.contains("<html lang=\"" + tag + "\">")) {
                    problems.add(tag + " " + page + ": no lang=\"" + tag + "\"");
                }
                if (feed && !body.contains("xml:lang=\"" + tag + "\"") && !body.contains("<language>" + tag + "</language>")) {
                    problems.add(tag + " " + page + ": the feed does not say its language");
                }
                if (!fragment && !response.headers().firstValue("Content-Language").equals(Optional.of(tag))) {
                    problems.add(tag + " " + page + ": Content-Language " + response.headers().firstValue("Content-Language"));
                }
                // data-dated is the day pattern the page script fills in: its placeholders are meant to be there.
                String text = body.replaceAll("data-dated=\"[^\"]*\"", "");
                Matcher unformatted = Pattern.compile("\\{\\d").matcher(text);
                if (unformatted.find()) {
                    problems.add(tag + " " + page + ": an unformatted message near "
                            + text.substring(Math.max(0, unformatted.start() - 40), Math.min(text.length(), unformatted.end() + 40)));
                }
            }
            String home = ServerRequests.get(app.baseUri(), "?lang=" + tag).body();
            for (String key : List.of("home.lastCheck", "footer.history", "status.down", "incident.scheduled")) {
                if (!home.contains(Messages.of(locale).text(key))) {
                    problems.add(tag + " /: lacks the text of " + key);
                }
            }
        }
        assertEquals(List.of(), problems);
        Map<String, String> english = Map.of("de", "Alle Dienste", "fr", "Tous les services", "es", "Todos los servicios",
                "ja", "すべてのサービス");
        english.forEach((tag, text) -> {
            try {
                assertTrue(ServerRequests.get(app.baseUri(), "history?lang=" + tag).body().contains(text), tag);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
