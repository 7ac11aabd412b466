package dev.upwatch.web.config;

import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.auth.AccessSettings;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.web.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code server.auth} and {@code server.trusted-proxies}. */
class AuthConfigTest {
    private static final String DIGEST = TokenDigest.of("upw_x").toString();

    private static UpwatchConfig parse(String yaml) {
        return new ConfigLoader(ProbeRegistry.load(AuthConfigTest.class.getClassLoader()), Map.of())
                .parse(yaml, "upwatch.yml", null);
    }

    @Test
    void readsTokensPrivatePagesBasicUserMetricsAndProxies() {
        String hash = PasswordHash.of("pw".toCharArray()).toString();
        AccessSettings access = parse("""
                server:
                  trusted-proxies: [10.0.0.0/8, "fd00::/8", 192.0.2.1]
                  auth:
                    private: true
                    protect-metrics: true
                    basic: { user: ops, password-hash: "%s" }
                    tokens:
                      - { name: prometheus, scope: read, digest: "%s" }
                monitors: []
                """.formatted(hash, DIGEST)).server().access();
        assertTrue(access.privatePages());
        assertTrue(access.protectMetrics());
        assertEquals("ops", access.basicUser().orElseThrow().name());
        assertTrue(access.basicUser().orElseThrow().passwordHash().matches("pw".toCharArray()));
        assertEquals(TokenScope.READ, access.tokens().get(0).scope());
        assertEquals(DIGEST, access.tokens().get(0).digest().toString());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.0.2.1/32")),
                access.trustedProxies());
    }

    @Test
    void withoutAnAuthSectionTheAdminApiAndTheOperatorsRoutesAreGuarded() {
        AccessSettings access = parse("monitors: []").server().access();
        assertEquals(AccessSettings.DEFAULT, access);
        assertFalse(access.privatePages());
        assertTrue(access.protectMetrics(), "metrics name private monitors: a token by default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad proxy              | server: { trusted-proxies: [proxy.local] }                                | upwatch.yml:1: server.trusted-proxies[0]: 'proxy.local' is not an IP address or CIDR (e.g. 10.0.0.0/8)
            bad prefix             | server: { trusted-proxies: [10.0.0.0/33] }                                | server.trusted-proxies[0]: '10.0.0.0/33' has a prefix length outside 0..32
            unknown auth key       | server: { auth: { public: false } }                                       | upwatch.yml:1: server.auth.public: unknown key; expected one of basic, private, protect-metrics, tokens
            bad scope              | server: { auth: { tokens: [ { name: a, scope: root, digest: 'DIGEST' } ] } } | server.auth.tokens[0].scope: scope must be 'read', 'admin' or 'agent', got 'root'
            agent scope            | server: { auth: { tokens: [ { name: a, scope: agent, digest: 'DIGEST' } ] } } | server.auth.tokens[0].scope: an agent token is stored with the location it is bound to
            plain secret as digest | server: { auth: { tokens: [ { name: a, scope: read, digest: 'upw_abc' } ] } } | server.auth.tokens[0].digest: a token digest must start with 'sha256:'
            short digest           | server: { auth: { tokens: [ { name: a, scope: read, digest: 'sha256:abc' } ] } } | server.auth.tokens[0].digest: a token digest must be 64 lower-case hex digits
            missing digest         | server: { auth: { tokens: [ { name: a, scope: read } ] } }                | server.auth.tokens[0].digest: is required
            bad token name         | server: { auth: { tokens: [ { name: 'A B', scope: read, digest: 'DIGEST' } ] } } | server.auth.tokens[0].name: token id 'A B' must be
            duplicate token name   | server: { auth: { tokens: [ { name: a, scope: read, digest: 'DIGEST' }, { name: a, scope: admin, digest: 'DIGEST' } ] } } | server.auth.tokens[1].name: another token is named a
            bad private            | server: { auth: { private: yes please } }                                 | server.auth.private: 'yes please' is not true or false
            basic without private  | server: { auth: { basic: { user: ops, password-hash: 'HASH' } } }         | server.auth.basic: basic auth only guards private pages
            plain password         | server: { auth: { private: true, basic: { user: ops, password-hash: hunter2 } } } | server.auth.basic.password-hash: a password hash is pbkdf2-sha256:
            basic without user     | server: { auth: { private: true, basic: { password-hash: 'HASH' } } }     | server.auth.basic.user: is required
            """)
    void badInputNamesFileLineAndKey(String name, String yaml, String expected) {
        String hash = PasswordHash.of("pw".toCharArray()).toString();
        ConfigException error = assertThrows(ConfigException.class,
                () -> parse(yaml.replace("DIGEST", DIGEST).replace("HASH", hash) + "\nmonitors: []"));
        assertTrue(error.getMessage().contains(expected), "expected «" + expected + "» in:\n" + error.getMessage());
    }
}
