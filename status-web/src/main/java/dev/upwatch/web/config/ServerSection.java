package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.web.auth.AccessSettings;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.web.auth.PasswordHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code server}: where to listen, and {@code server.auth} and {@code server.trusted-proxies} (who may see what). */
final class ServerSection {
    static final Set<String> KEYS = Set.of("host", "port", "trusted-proxies", "auth");
    static final Set<String> AUTH_KEYS = Set.of("tokens", "private", "basic", "protect-metrics");
    static final Set<String> TOKEN_KEYS = Set.of("name", "scope", "digest");
    static final Set<String> BASIC_KEYS = Set.of("user", "password-hash");
    static final IntRange PORT = IntRange.of(0, 65_535);

    private ServerSection() {
    }

    /** The server settings; empty when any problem was noted. */
    static Optional<ServerConfig> read(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        String host = map.text("host").orElse("0.0.0.0");
        int port = map.integer("port", 8080, PORT);
        List<Cidr> proxies = map.list("trusted-proxies").stream()
                .flatMap(item -> reader.parsed(item, Cidr::parse).stream()).toList();
        ConfigMap auth = map.map("auth", AUTH_KEYS);
        List<ApiToken> tokens = tokens(auth);
        Optional<AccessSettings.BasicUser> basic = auth.get("basic").flatMap(node -> basicUser(reader, node));
        boolean privatePages = auth.bool("private", false);
        if (auth.has("basic") && !privatePages) {
            auth.report("basic", "basic auth only guards private pages: set server.auth.private: true");
        }
        boolean protectMetrics = auth.bool("protect-metrics", true);
        if (reader.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig(host, port,
                new AccessSettings(tokens, privatePages, basic, protectMetrics, proxies)));
    }

    /** A configured token's scope: read or admin; an agent token must be stored, bound to its location. */
    private static TokenScope configuredScope(String text) {
        TokenScope scope = TokenScope.fromWireName(text);
        if (scope == TokenScope.AGENT) {
            throw new IllegalArgumentException("an agent token is stored with the location it is bound to; make it"
                    + " with 'token create --scope agent --location LOCATION'");
        }
        return scope;
    }

    private static List<ApiToken> tokens(ConfigMap auth) {
        ConfigReader reader = auth.reader();
        List<ApiToken> tokens = new ArrayList<>();
        for (ConfigNode item : auth.list("tokens")) {
            ConfigMap token = reader.map(item, TOKEN_KEYS);
            Optional<String> name = token.required("name");
            Optional<TokenScope> scope = token.required("scope", ServerSection::configuredScope);
            Optional<TokenDigest> digest = token.required("digest", text -> TokenDigest.parse(text.trim()));
            if (name.isEmpty() || scope.isEmpty() || digest.isEmpty()) {
                continue;
            }
            token.parsed("name", text -> ApiToken.issued(text, text, scope.get(), digest.get(), Instant.EPOCH))
                    .ifPresent(parsed -> {
                        if (tokens.stream().anyMatch(t -> t.id().equals(parsed.id()))) {
                            token.report("name", "another token is named " + parsed.id());
                        } else {
                            tokens.add(parsed);
                        }
                    });
        }
        return tokens;
    }

    private static Optional<AccessSettings.BasicUser> basicUser(ConfigReader reader, ConfigNode node) {
        ConfigMap basic = reader.map(node, BASIC_KEYS);
        Optional<PasswordHash> hash = basic.required("password-hash", PasswordHash::parse);
        Optional<String> user = basic.required("user");
        return user.isEmpty() || hash.isEmpty() ? Optional.empty()
                : basic.parsed("user", name -> new AccessSettings.BasicUser(name, hash.get()));
    }
}
