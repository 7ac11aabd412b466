package dev.upwatch.probes.http;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.ProbeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Settings of the {@code http} probe: what is accepted, the defaults, and which key each mistake is blamed on. */
class HttpProbeFactoryTest {
    private static final String URL = "https://example.com/health";
    private static final HttpProbeFactory FACTORY = new HttpProbeFactory();

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                arguments("no url", Map.of(), "url"),
                arguments("blank url", Map.of("url", " "), "url"),
                arguments("file scheme", Map.of("url", "file:///etc/passwd"), "url"),
                arguments("jar scheme", Map.of("url", "jar:file:/opt/app.jar!/config.yml"), "url"),
                arguments("gopher scheme", Map.of("url", "gopher://example.com/"), "url"),
                arguments("no host", Map.of("url", "http:///health"), "url"),
                arguments("no scheme", Map.of("url", "example.com/health"), "url"),
                arguments("not a URL", Map.of("url", "http://exa mple.com/"), "url"),
                arguments("credentials in the URL", Map.of("url", "https://user:secret@example.com/"), "url"),
                arguments("unknown method", Map.of("url", URL, "method", "FETCH"), "method"),
                arguments("CONNECT method", Map.of("url", URL, "method", "CONNECT"), "method"),
                arguments("CRLF in a header value", Map.of("url", URL, "headers", Map.of("X-Test", "a\r\nInjected: yes")), "headers"),
                arguments("LF in a header value", Map.of("url", URL, "headers", Map.of("X-Test", "a\nb")), "headers"),
                arguments("CRLF in a header name", Map.of("url", URL, "headers", Map.of("X-Test\r\nInjected", "a")), "headers"),
                arguments("space in a header name", Map.of("url", URL, "headers", Map.of("X Test", "a")), "headers"),
                arguments("framing header", Map.of("url", URL, "headers", Map.of("Content-Length", "5")), "headers"),
                arguments("headers not a map", Map.of("url", URL, "headers", "X-Test: a"), "headers"),
                arguments("password without username", Map.of("url", URL, "password", "s3cret"), "password"),
                arguments("colon in username", Map.of("url", URL, "username", "a:b", "password", "s"), "username"),
                arguments("basic and bearer", Map.of("url", URL, "username", "a", "bearer-token", "t"), "bearer-token"),
                arguments("bearer token with a space", Map.of("url", URL, "bearer-token", "a b"), "bearer-token"),
                arguments("bearer token and an Authorization header", Map.of("url", URL, "bearer-token", "t",
                        "headers", Map.of("authorization", "Basic eA==")), "bearer-token"),
                arguments("header value over 8 KiB", Map.of("url", URL, "headers", Map.of("X-Big", "x".repeat(8193))), "headers"),
                arguments("header name over 256", Map.of("url", URL, "headers", Map.of("X".repeat(257), "a")), "headers"),
                arguments("body with GET", Map.of("url", URL, "body", "{}"), "body"),
                arguments("body with DELETE", Map.of("url", URL, "method", "DELETE", "body", "{}"), "body"),
                arguments("follow-redirects not a boolean", Map.of("url", URL, "follow-redirects", "sometimes"), "follow-redirects"),
                arguments("max-redirects above 20", Map.of("url", URL, "max-redirects", "21"), "max-redirects"),
                arguments("negative max-redirects", Map.of("url", URL, "max-redirects", "-1"), "max-redirects"),
                arguments("max-body with a unit", Map.of("url", URL, "max-body", "1MB"), "max-body"),
                arguments("negative max-body", Map.of("url", URL, "max-body", "-1"), "max-body"),
                arguments("max-body above 64 MiB", Map.of("url", URL, "max-body", "67108865"), "max-body"),
                arguments("max-header-bytes above 1 MiB", Map.of("url", URL, "max-header-bytes", "1048577"), "max-header-bytes"),
                arguments("max-header-bytes under 1 KiB", Map.of("url", URL, "max-header-bytes", "1023"), "max-header-bytes"),
                arguments("max-header-count of 0", Map.of("url", URL, "max-header-count", "0"), "max-header-count"),
                arguments("max-header-count above 10000", Map.of("url", URL, "max-header-count", "10001"), "max-header-count"),
                arguments("insecure not a boolean", Map.of("url", URL, "insecure", "yes"), "insecure"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsNamingTheKey(String mistake, Map<String, ?> settings, String key) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));

        assertEquals(key, e.key(), e.getMessage());
    }

    @Test
    void defaults() {
        HttpSettings settings = HttpSettings.from(ProbeSettings.of(Map.of("url", URL)));

        assertEquals(new HttpSettings(URI.create(URL), "GET", Map.of(), Optional.empty(), false, 5, 1_048_576, false,
                65_536, 100), settings);
    }

    @Test
    void readsEveryKeyItKnows() {
        ProbeSettings raw = ProbeSettings.of(Map.ofEntries(Map.entry("url", "http://example.com"),
                Map.entry("method", "put"), Map.entry("body", "x"), Map.entry("headers", Map.of("Authorization", "Bearer t")),
                Map.entry("follow-redirects", "true"), Map.entry("max-redirects", "0"), Map.entry("max-body", "0"),
                Map.entry("insecure", "true"), Map.entry("max-header-bytes", "1024"), Map.entry("max-header-count", "10"),
                Map.entry("tiemout", "5s")));

        HttpSettings settings = HttpSettings.from(raw);

        assertEquals("PUT", settings.method());
        assertEquals(1_024, settings.maxHeaderBytes());
        assertEquals(10, settings.maxHeaderCount());
        assertEquals(Set.of("tiemout"), raw.unreadKeys(), "only the misspelt key is left for the loader to report");
    }

    @Test
    void typeAndDefaultConditions() {
        assertEquals("http", FACTORY.type());
        assertEquals(List.of("[STATUS] < 400"), FACTORY.defaultConditions());
    }
}
