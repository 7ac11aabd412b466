package dev.upwatch.web;

import com.google.inject.Module;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.auth.PasswordHash;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.reader.PageRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several status pages in one instance: each page's routes — every GET route a page has, read from the application's
 * Jersey model, not a hand list — show its monitors only, under its prefix ({@code /p/<slug>/}), its host name or its
 * secret link; a private page asks for its own users; under a prefix no other route exists.
 */
class StatusPagesTest {
    private static final ApplicationRoutes ROUTES = new ApplicationRoutes();
    private static final TokenSecret SECRET = TokenSecret.generate();
    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:open sesame".getBytes(
            StandardCharsets.UTF_8));
    /** Each monitor's name, by id. */
    private static final Map<String, String> NAMES = Map.of("web", "Web Shop", "db", "Main Database",
            "queue", "Job Queue", "vault", "Secret Vault");
    /** What only the private pages' readers may learn: their titles and services, and the secret page's address. */
    private static final List<String> PRIVATE_PAGES_TEXTS = List.of("Acme Internal", "Partner Status", "Main Database",
            "Job Queue", "p/internal", "p/partners", SECRET.value());

    private static Path data;
    private static FlippableTarget target;
    private static UpwatchApplication app;
    private static String readToken;

    /** A page as a request reaches it: its path prefix, the headers it needs, and the monitors it shows. */
    private record Reached(String name, String prefix, List<String> headers, Set<String> shows) {
    }

    private static List<Reached> pages() {
        return List.of(
                new Reached("default", "", List.of(), Set.of("web")),
                new Reached("internal", "/p/internal", List.of("Authorization", OPS), Set.of("db", "queue")),
                new Reached("partners", "/s/" + SECRET.value(), List.of(), Set.of("web", "queue")),
                new Reached("queue", "/p/queue", List.of(), Set.of("queue")));
    }

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("upwatch-pages");
        target = new FlippableTarget();
        Path file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                page: { title: "Acme Status", groups: [Website], public-url: "https://status.example.test" }
                pages:
                  - { slug: internal, title: "Acme Internal", host: status.internal.test, groups: [Databases],
                      accent: "#0a7", language: de, private: { users: [ { user: ops, password-hash: "%s" } ] } }
                  - { slug: partners, title: "Partner Status", monitors: [web, queue], secret-link: { digest: "%s" } }
                  - { slug: queue, title: "Queue Status", monitors: [queue] }
                monitors:
                  - { id: web, name: "Web Shop", group: Website, type: http, url: "%s", interval: 1s, timeout: 800ms }
                  - { id: db, name: "Main Database", group: Databases, type: tcp, host: 127.0.0.1, port: 9, interval: 1s,
                      timeout: 800ms, failure-threshold: 1 }
                  - { id: queue, name: "Job Queue", group: Databases, type: http, url: "%4$s", interval: 1h, timeout: 5s }  # one check: give it room on a loaded machine
                  - { id: vault, name: "Secret Vault", group: Databases, type: tcp, host: 127.0.0.1, port: 9, interval: 1s,
                      timeout: 800ms, failure-threshold: 1, private: true }  # in the internal page's group, yet shown on no page
                """.formatted(data.resolve("db").toString().replace("\\", "/"),
                PasswordHash.of("open sesame".toCharArray()), SECRET.digest(), target.healthUrl()), StandardCharsets.UTF_8);
        List<Module> modules = new ArrayList<>(UpwatchApplication.modules(new ConfigLoader(
                ProbeRegistry.load(StatusPagesTest.class.getClassLoader()), Map.of()).load(file), Clock.systemUTC(),
                UpwatchServerTest.fastEngine()));
        modules.add(ROUTES);
        app = UpwatchApplication.start(modules);
        String admin = app.tokens().create("pages-test", TokenScope.ADMIN).secret().value();
        readToken = app.tokens().create("pages-reader", TokenScope.READ).secret().value();
        assertEquals(201, ServerRequests.withToken(app.baseUri(), admin, "PUT", "api/v1/admin/incidents/shared", """
                {"title": "Shared trouble", "impact": "degraded", "services": ["web", "db"]}""").statusCode());
        UpwatchServerTest.await("every monitor decided", Duration.ofSeconds(20), () -> app.engine().statusQuery()
                .snapshot().services().stream().noneMatch(s -> s.status().wireName().equals("unknown")));
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
    }

    private static HttpResponse<String> get(Reached page, String path, String... more) throws Exception {
        List<String> headers = new ArrayList<>(page.headers());
        headers.addAll(List.of(more));
        return ServerRequests.get(app.baseUri(), (page.prefix() + path).substring(1), headers.toArray(String[]::new));
    }

    @Test
    void everyRouteOfEveryPageShowsItsServicesOnly() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (Reached page : pages()) {
            for (ApplicationRoutes.Route route : ROUTES.gets()) {
                if (!PageRouter.isPageRoute(route.filled("web")) || route.path().equals("/api/v1/events")) {
                    continue;
                }
                for (String id : NAMES.keySet()) {
                    String path = route.filled(id);
                    HttpResponse<String> response = get(page, path);
                    boolean aService = route.path().contains("{id}");
                    boolean shown = !aService || page.shows().contains(id);
                    assertEquals(shown ? 200 : 404, response.statusCode(), page.name() + " " + path + " → " + response.body());
                    NAMES.forEach((other, name) -> assertFalse(!page.shows().contains(other) && response.body().contains(name),
                            page.name() + " " + path + " names " + name + ", which is not on the page"));
                    checked.add(route.path());
                    if (!aService) {
                        break;
                    }
                }
            }
        }
        assertTrue(checked.containsAll(List.of("/", "/history", "/services/{id}", "/report", "/report/services/{id}",
                "/feeds/atom", "/feeds/services/{id}/rss", "/api/v1/status", "/api/v1/services", "/api/v1/services/{id}",
                "/api/v1/incidents", "/api/v1/report", "/api/v1/exports/services/{id}/samples", "/badge/{id}/status.svg")),
                checked.toString());
    }

    /**
     * Every route a page has (read from the application's routes, like {@link #everyRouteOfEveryPageShowsItsServicesOnly}):
     * without credentials the basic-auth page refuses it under its prefix and on its host, the secret page answers it as
     * for a page that does not exist when asked by slug, and the default page names nothing of either.
     */
    @Test
    void withoutCredentialsEveryRouteOfThePrivatePagesRefusesAndTheDefaultPageNamesNothingOfThem() throws Exception {
        Set<String> checked = new TreeSet<>();
        String unknown = ServerRequests.get(app.baseUri(), "p/nope/").body();
        for (ApplicationRoutes.Route route : ROUTES.gets()) {
            String path = route.filled("queue");
            if (!PageRouter.isPageRoute(path)) {
                continue;
            }
            HttpResponse<String> byPrefix = ServerRequests.get(app.baseUri(), "p/internal" + path);
            assertEquals(401, byPrefix.statusCode(), "p/internal" + path);
            assertNamesNone("p/internal" + path, byPrefix.body() + byPrefix.headers().map(), List.of());
            Raw byHost = Raw.get(port(), "status.internal.test", path);
            assertEquals(401, byHost.status(), "status.internal.test" + path);
            assertNamesNone("status.internal.test" + path, byHost.body() + byHost.headers(), List.of());
            HttpResponse<String> bySlug = ServerRequests.get(app.baseUri(), "p/partners" + path);
            assertEquals(404, bySlug.statusCode(), "p/partners" + path);
            assertEquals(unknown, bySlug.body(), "as for a page that does not exist: p/partners" + path);
            String body = route.path().equals("/api/v1/events") ? ServerRequests.firstEvent(app.baseUri(), "api/v1/events")
                    : ServerRequests.get(app.baseUri(), path.substring(1)).body();
            assertNamesNone("default page " + path, body, List.of());
            checked.add(route.path());
        }
        // The live route is a servlet's, not in the Jersey model: asked for by hand.
        String live = "/live?page=%2F&poll=1&since=x";
        assertEquals(401, ServerRequests.get(app.baseUri(), "p/internal" + live).statusCode());
        assertEquals(401, Raw.get(port(), "status.internal.test", live).status());
        assertEquals(unknown, ServerRequests.get(app.baseUri(), "p/partners" + live).body());
        HttpResponse<String> defaultLive = ServerRequests.get(app.baseUri(), live.substring(1));
        assertEquals(200, defaultLive.statusCode());
        assertNamesNone("default page /live", defaultLive.body(), List.of());
        assertTrue(checked.containsAll(List.of("/", "/history", "/services/{id}", "/report", "/feeds/atom",
                "/api/v1/status", "/api/v1/events", "/api/v1/incidents", "/api/v1/exports/services/{id}/samples",
                "/badge/{id}/status.svg")), checked.toString());
    }

    /** Fails when {@code body} contains one of {@link #PRIVATE_PAGES_TEXTS} other than those {@code allowed}. */
    private static void assertNamesNone(String where, String body, List<String> allowed) {
        for (String text : PRIVATE_PAGES_TEXTS) {
            assertFalse(!allowed.contains(text) && body.contains(text), where + " names " + text + ": " + body);
        }
    }

    @Test
    void anIncidentShowsOnEachPageWithThatPagesServices() throws Exception {
        assertTrue(get(pages().get(0), "/").body().contains("Shared trouble"));
        String internal = get(pages().get(1), "/api/v1/incidents").body();
        assertTrue(internal.contains("\"services\":[\"db\"]"), internal);
        assertFalse(get(pages().get(3), "/api/v1/incidents").body().contains("Shared trouble"),
                "a page none of whose services it affects does not show it");
    }

    @Test
    void theEventStreamOfAPageIsItsOwn() throws Exception {
        String first = ServerRequests.firstEvent(app.baseUri(), pages().get(3).prefix().substring(1) + "/api/v1/events");
        assertTrue(first.contains("\"queue\"") && !first.contains("Web Shop") && !first.contains("Main Database"), first);
    }

    @Test
    void aPrivatePageAsksForItsOwnUsersOrAnApiToken() throws Exception {
        HttpResponse<String> none = ServerRequests.get(app.baseUri(), "p/internal/");
        assertEquals(401, none.statusCode());
        assertEquals(List.of("Bearer realm=\"upwatch\"", "Basic realm=\"upwatch internal\", charset=\"UTF-8\""),
                none.headers().allValues("WWW-Authenticate"));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops:guess".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, ServerRequests.get(app.baseUri(), "p/internal/", "Authorization", wrong).statusCode());
        assertEquals(200, ServerRequests.get(app.baseUri(), "p/internal/", "Authorization", OPS).statusCode());
        assertEquals(200, ServerRequests.get(app.baseUri(), "p/internal/api/v1/status", "Authorization",
                "Bearer " + readToken).statusCode());
        assertEquals(200, ServerRequests.get(app.baseUri(), "").statusCode(), "the default page stays public");
        assertEquals(200, Raw.get(port(), "status.internal.test", "/healthz").status(),
                "on the page's host, routes that are not the page's are not guarded by its users");
    }

    /**
     * Staff — for now the holders of an API token, until the console's sign-in — see the page's private monitors too,
     * on every kind of route, in answers no cache shares with the public; the page's own users and the public do not.
     */
    @Test
    void withAnApiTokenStaffSeeThePagesPrivateMonitorsInAnswersForThemOnly() throws Exception {
        String bearer = "Bearer " + readToken;
        for (String path : List.of("", "api/v1/status", "services/vault", "api/v1/services/vault", "feeds/atom",
                "live?page=%2F&poll=1&since=x")) {
            HttpResponse<String> staff = ServerRequests.get(app.baseUri(), "p/internal/" + path, "Authorization", bearer);
            assertEquals(200, staff.statusCode(), path + " → " + staff.body());
            // (the feed lists incidents, none of them the vault's; a poll names only the fragments changed since)
            assertTrue(path.startsWith("feeds") || path.startsWith("live") || staff.body().contains("Secret Vault")
                    || staff.body().contains("\"vault\""), "staff see the private monitor of the page's group: " + path);
            assertEquals(Optional.of("private, no-cache"), staff.headers().firstValue("Cache-Control"), path);
            assertTrue(String.join(",", staff.headers().allValues("Vary")).contains("Authorization"), path);
            HttpResponse<String> user = ServerRequests.get(app.baseUri(), "p/internal/" + path, "Authorization", OPS);
            assertFalse(user.body().contains("Secret Vault") || user.body().contains("\"vault\""),
                    "the page's basic-auth users are readers, not staff: " + path);
        }
        String home = ServerRequests.get(app.baseUri(), "p/internal/", "Authorization", OPS).body();
        assertFalse(home.contains("Secret Vault"), "after a staff request the readers' page is still the readers' own");
        assertTrue(ServerRequests.get(app.baseUri(), "p/queue/", "Authorization", bearer).body().contains("Job Queue"),
                "a public page for staff: its own services (the private one is not in its selection)");
        HttpResponse<String> wrong = ServerRequests.get(app.baseUri(), "", "Authorization", "Bearer uw_not-a-token");
        assertEquals(401, wrong.statusCode(), "a token that is not valid is refused, not quietly taken for the public");
        HttpResponse<String> publicPage = ServerRequests.get(app.baseUri(), "");
        assertFalse(publicPage.headers().firstValue("Cache-Control").orElseThrow().contains("private"),
                "the public's answer stays shareable");
    }

    @Test
    void theHostHeaderChoosesThePageAtTheRoot() throws Exception {
        Raw refused = Raw.get(port(), "status.internal.test", "/");
        assertEquals(401, refused.status(), refused.text());
        Raw internal = Raw.get(port(), "status.internal.test:" + port(), "/", "Authorization: " + OPS);
        assertEquals(200, internal.status(), internal.text());
        assertTrue(internal.body().contains("<title>Acme Internal</title>") && internal.body().contains("Main Database"));
        assertFalse(internal.body().contains("Web Shop"));
        assertTrue(internal.body().contains("<html lang=\"de\">"), "the page's own language when the browser asks for none");
        Raw feed = Raw.get(port(), "STATUS.internal.test.", "/feeds/atom", "Authorization: " + OPS);
        assertTrue(feed.body().contains("href=\"https://status.internal.test/feeds/atom"), feed.body());
        Raw other = Raw.get(port(), "elsewhere.test", "/");
        assertEquals(200, other.status());
        assertTrue(other.body().contains("<title>Acme Status</title>"), "any other host: the default page");
    }

    @Test
    void aSecretLinkPageIsReachedOnlyThroughItsLink() throws Exception {
        HttpResponse<String> page = ServerRequests.get(app.baseUri(), "s/" + SECRET.value() + "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Partner Status</title>"));
        assertEquals(Optional.of("no-referrer"), page.headers().firstValue("Referrer-Policy"),
                "the secret does not leak through the Referer of links followed from the page");
        assertEquals(Optional.of("noindex, nofollow"), page.headers().firstValue("X-Robots-Tag"));
        assertTrue(page.body().contains("href=\"./services/web\""), "links stay under the secret prefix");
        HttpResponse<String> unknown = ServerRequests.get(app.baseUri(), "p/nope/");
        for (String path : List.of("s/" + TokenSecret.generate().value() + "/", "p/partners/", "p/partners",
                "s/" + SECRET.value().substring(0, 20) + "/")) {
            HttpResponse<String> refused = ServerRequests.get(app.baseUri(), path);
            assertEquals(404, refused.statusCode(), path);
            assertEquals(unknown.body(), refused.body(), "as for a page that does not exist: " + path);
        }
    }

    @Test
    void underAPrefixOnlyThePagesRoutesExist() throws Exception {
        for (String path : List.of("p/queue/api/v1/admin/monitors", "p/queue/metrics", "p/queue/api/v1/operator/exports/"
                + "services/queue/samples", "p/queue/healthz", "p/queue/api/v1/push/abc")) {
            assertEquals(404, ServerRequests.get(app.baseUri(), path).statusCode(), path);
        }
        HttpResponse<String> bare = ServerRequests.get(app.baseUri(), "p/queue?lang=de");
        assertEquals(308, bare.statusCode());
        assertEquals(Optional.of("/p/queue/?lang=de"), bare.headers().firstValue("Location"));
    }

    @Test
    void aPagesLinksAndLiveUpdatesStayUnderItsPrefix() throws Exception {
        String home = get(pages().get(3), "/").body();
        assertTrue(home.contains("href=\"./services/queue\"") && home.contains("href=\"./history\"")
                && home.contains("data-root=\"./\""), home);
        String service = get(pages().get(3), "/services/queue").body();
        assertTrue(service.contains("href=\"../history\"") && service.contains("data-root=\"../\""));
        assertEquals(404, get(pages().get(3), "/live?page=%2Fservices%2Fdb&poll=1").statusCode(),
                "another page's service has no live page here");
        HttpResponse<String> live = get(pages().get(3), "/live?page=%2F&poll=1&since=x");
        assertEquals(200, live.statusCode());
        String feed = get(pages().get(3), "/feeds/atom").body();
        assertTrue(feed.contains("href=\"https://status.example.test/p/queue/feeds/atom"), feed);
        String report = get(pages().get(3), "/report").body();
        assertTrue(report.contains("href=\"/p/queue/api/v1/report?"), "the report's downloads are the page's");
    }

    @Test
    void aPageHasItsOwnVersionsAChecksOfOtherPagesServicesMakeNoneOfIt() throws Exception {
        Reached queue = pages().get(3);
        long before = version(get(queue, "/").body());
        Instant webChecked = lastCheck("web");
        UpwatchServerTest.await("three more checks of web", Duration.ofSeconds(10),
                () -> Duration.between(webChecked, lastCheck("web")).toSeconds() >= 3);
        long after = version(get(queue, "/").body());
        assertTrue(after - before <= 1, "web was checked three times, the queue page moved from version " + before
                + " to " + after + " (at most a new minute)");
        String first = get(queue, "/").headers().firstValue("ETag").orElseThrow();
        assertEquals(first, get(queue, "/").headers().firstValue("ETag").orElseThrow(), "one render serves every request");
    }

    @Test
    void theLanguageComesFromTheLinkTheCookieOrTheBrowser() throws Exception {
        Reached site = pages().get(0);
        HttpResponse<String> chosen = get(site, "/?lang=ja");
        assertTrue(chosen.body().contains("<html lang=\"ja\">"));
        assertTrue(chosen.headers().firstValue("Set-Cookie").orElseThrow().startsWith("upwatch-lang=ja; Path=/;"));
        assertEquals(Optional.of("ja"), chosen.headers().firstValue("Content-Language"));
        assertTrue(get(site, "/history", "Cookie", "upwatch-lang=es").body().contains("<html lang=\"es\">"));
        assertTrue(get(site, "/", "Accept-Language", "pt-BR, fr-CH;q=0.9, en;q=0.8").body()
                .contains("<html lang=\"fr\">"), "the best language offered");
        assertTrue(get(site, "/", "Accept-Language", "pt-BR").body().contains("<html lang=\"en\">"),
                "none offered: the page's default");
        assertTrue(get(site, "/?lang=de", "Cookie", "upwatch-lang=es").body().contains("<html lang=\"de\">"),
                "the link beats the cookie");
        assertFalse(get(site, "/feeds/atom?lang=de").headers().firstValue("Set-Cookie").isPresent(),
                "a feed reader's lang does not choose the visitor's language");
    }

    private static int port() {
        return app.baseUri().getPort();
    }

    private static Instant lastCheck(String id) {
        return app.engine().statusQuery().service(MonitorId.of(id)).flatMap(s -> s.lastSample())
                .map(s -> s.startedAt()).orElse(Instant.EPOCH);
    }

    private static final Pattern VERSION = Pattern.compile("data-version=\"[^\"]*-(\\d+)\"");

    private static long version(String html) {
        Matcher matcher = VERSION.matcher(html);
        assertTrue(matcher.find(), html);
        return Long.parseLong(matcher.group(1));
    }


    /**
     * An HTTP/1.0 exchange on a raw socket, so that the {@code Host} header is the test's (the JDK client sets its own).
     *
     * @param status  the status code
     * @param headers the header lines
     * @param body    the body
     */
    record Raw(int status, Map<String, String> headers, String body) {
        static Raw get(int port, String host, String path, String... headerLines) throws Exception {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n");
                for (String line : headerLines) {
                    request.append(line).append("\r\n");
                }
                OutputStream out = socket.getOutputStream();
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(all);
                String text = all.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                String[] lines = text.substring(0, end).split("\r\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
                return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
            }
        }

        String text() {
            return status + " " + headers + "\n" + body;
        }
    }
}
