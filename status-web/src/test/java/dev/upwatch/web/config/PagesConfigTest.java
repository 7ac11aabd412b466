package dev.upwatch.web.config;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pages} and the page keys of {@code page}: slugs, hosts, looks, selections, languages and access. */
class PagesConfigTest {
    private static final String DIGEST = TokenDigest.of("upw_partner-secret").toString();
    private static final String HASH = PasswordHash.of("pw".toCharArray()).toString();

    private static UpwatchConfig parse(String yaml) {
        return new ConfigLoader(ProbeRegistry.load(PagesConfigTest.class.getClassLoader()), Map.of())
                .parse(yaml, "upwatch.yml", null);
    }

    @Test
    void readsEveryPageWithItsLookSelectionLanguageAndAccess() {
        UpwatchConfig config = parse("""
                page: { title: Acme, groups: [Website], accent: "#0A7", language: fr }
                pages:
                  - slug: internal
                    title: Internal
                    host: Status.Internal.Example
                    logo: /internal.svg
                    accent: "#123456"
                    groups: [Databases]
                    monitors: [api]
                    language: de-CH
                    private: { users: [ { user: ops, password-hash: "%s" } ] }
                  - { slug: partners, title: Partners, monitors: [api], secret-link: { digest: "%s" } }
                  - { slug: all, title: Everything }
                monitors: []
                """.formatted(HASH, DIGEST));
        assertEquals(new PageSelection(Set.of("Website"), Set.of()), config.page().selection());
        assertEquals(Optional.of("#00aa77"), config.page().accent(), "short colours are written out");
        assertEquals(Optional.of(Locale.FRENCH), config.page().language());
        StatusPageConfig internal = config.pages().get(0);
        assertEquals("internal", internal.slug());
        assertEquals(Optional.of("status.internal.example"), internal.host(), "host names compare without case");
        assertEquals("Internal", internal.title());
        assertEquals("/internal.svg", internal.logoUrl().orElseThrow().toString());
        assertEquals(new PageSelection(Set.of("Databases"), Set.of(MonitorId.of("api"))), internal.selection());
        assertEquals(Optional.of(Locale.GERMAN), internal.language(), "a regional tag picks its language");
        PageAccess.Users users = (PageAccess.Users) internal.access();
        assertEquals("ops", users.users().getFirst().name());
        assertTrue(users.users().getFirst().passwordHash().matches("pw".toCharArray()));
        assertEquals(new PageAccess.SecretLink(TokenDigest.parse(DIGEST)), config.pages().get(1).access());
        assertEquals(PageAccess.OPEN, config.pages().get(2).access());
        assertEquals(PageSelection.EVERYTHING, config.pages().get(2).selection(), "no groups, no monitors: everything");
    }

    @Test
    void withoutPagesThereIsTheDefaultPageOfEverything() {
        UpwatchConfig config = parse("monitors: []");
        assertEquals(List.of(), config.pages());
        assertEquals(PageSelection.EVERYTHING, config.page().selection());
        assertEquals(Optional.empty(), config.page().language());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no slug                | pages: [ { title: A } ]                                                    | upwatch.yml:1: pages[0].slug: is required
            upper-case slug        | pages: [ { slug: Internal, title: A } ]                                    | upwatch.yml:1: pages[0].slug: must be lower-case letters, digits and inner hyphens, at most 40, got 'Internal'
            default slug           | pages: [ { slug: default, title: A } ]                                     | pages[0].slug: 'default' names the default page
            no title               | pages: [ { slug: a } ]                                                     | upwatch.yml:1: pages[0].title: is required
            slug twice             | pages: [ { slug: a, title: A }, { slug: a, title: B } ]                    | upwatch.yml:1: pages[1].slug: another page has the slug 'a'
            host with port         | pages: [ { slug: a, title: A, host: "status.example:8080" } ]              | pages[0].host: must be a host name like status.example.com
            host twice             | pages: [ { slug: a, title: A, host: s.example }, { slug: b, title: B, host: S.example } ] | pages[1].host: the page 'a' has the host s.example already
            bad accent             | pages: [ { slug: a, title: A, accent: teal } ]                             | pages[0].accent: must be a hex colour like #0a7 or #00aa77, got 'teal'
            bad language           | pages: [ { slug: a, title: A, language: ru } ]                             | pages[0].language: must be one of en, de, fr, es, ja, got 'ru'
            empty groups           | pages: [ { slug: a, title: A, groups: [] } ]                               | pages[0].groups: must name at least one group
            bad monitor id         | pages: [ { slug: a, title: A, monitors: ["no such id"] } ]                 | pages[0].monitors[0]:
            javascript logo        | pages: [ { slug: a, title: A, logo: "javascript:alert(1)" } ]              | pages[0].logo: must be an http:// or https:// URL or a path starting with /
            private and secret     | pages: [ { slug: a, title: A, private: { users: [ { user: u, password-hash: 'HASH' } ] }, secret-link: { digest: 'DIGEST' } } ] | pages[0].secret-link: a page is private (users) or has a secret link, not both
            private without users  | pages: [ { slug: a, title: A, private: { users: [] } } ]                   | pages[0].private.users: a private page needs at least one user
            plain password         | pages: [ { slug: a, title: A, private: { users: [ { user: u, password-hash: hunter2 } ] } } ] | pages[0].private.users[0].password-hash: a password hash is pbkdf2-sha256:
            user twice             | pages: [ { slug: a, title: A, private: { users: [ { user: u, password-hash: 'HASH' }, { user: u, password-hash: 'HASH' } ] } } ] | pages[0].private.users[1].user: the user 'u' is listed twice
            secret as digest       | pages: [ { slug: a, title: A, secret-link: { digest: upw_abc } } ]         | pages[0].secret-link.digest: a token digest must start with 'sha256:'
            unknown key            | pages: [ { slug: a, title: A, theme: dark } ]                              | upwatch.yml:1: pages[0].theme: unknown key
            default page language  | page: { language: klingon }                                                | upwatch.yml:1: page.language: must be one of en, de, fr, es, ja, got 'klingon'
            """)
    void badInputNamesFileLineAndKey(String name, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> parse(yaml.replace("DIGEST", DIGEST).replace("HASH", HASH) + "\nmonitors: []"));
        assertTrue(error.getMessage().contains(expected), "expected «" + expected + "» in:\n" + error.getMessage());
    }

    @Test
    void everyProblemOfEveryPageIsReportedAtOnceInLineOrder() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                pages:
                  - slug: Bad Slug
                    title: A
                  - slug: b
                    accent: red
                  - slug: c
                    title: C
                    language: xx
                monitors: []
                """));
        assertEquals(List.of("pages[0].slug", "pages[1].title", "pages[1].accent", "pages[2].language"),
                error.problems().stream().map(p -> p.key()).toList(), error.getMessage());
        assertEquals(List.of(2, 4, 5, 8), error.problems().stream().map(p -> p.line()).toList(), error.getMessage());
    }
}
