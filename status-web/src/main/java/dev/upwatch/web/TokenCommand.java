package dev.upwatch.web;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.guice.PersistenceModule;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code token create|list|revoke}: API tokens in the storage the configuration names (like {@code migrate}).
 * A new secret is printed once and never again; lists show ids, names, scopes and times, never secrets.
 */
final class TokenCommand {
    private TokenCommand() {
    }

    static int run(List<String> args, ConfigLoader loader, PrintStream out) throws IOException {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("token needs a subcommand: create, list or revoke");
        }
        String sub = args.remove(0);
        String file = Main.option(args, "--config");
        switch (sub) {
            case "create" -> {
                String scopeText = Main.option(args, "--scope");
                if (scopeText == null) {
                    throw new IllegalArgumentException("token create needs --scope admin, read or agent");
                }
                TokenScope scope = TokenScope.fromWireName(scopeText);
                String name = Main.option(args, "--name");
                String locationText = Main.option(args, "--location");
                boolean printOnly = args.remove("--print-only");
                noMore(args);
                if ((scope == TokenScope.AGENT) != (locationText != null)) {
                    throw new IllegalArgumentException(scope == TokenScope.AGENT
                            ? "--location: an agent token is bound to the location it checks from, e.g. --location office"
                            : "--location: only an agent token (--scope agent) has a location");
                }
                if (scope == TokenScope.AGENT && printOnly) {
                    throw new IllegalArgumentException("--print-only: an agent token is stored with its location;"
                            + " create it without --print-only");
                }
                Optional<Location> location;
                try {
                    location = Optional.ofNullable(locationText).map(Location::of);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--location: " + e.getMessage(), e);
                }
                if (printOnly) {
                    TokenSecret secret = TokenSecret.generate();
                    out.println("token:  " + secret.value());
                    out.println("digest: " + secret.digest());
                    out.println("Not stored. To use it, add it to the configuration under server.auth.tokens:");
                    out.println("  - { name: " + (name == null ? "my-token" : name) + ", scope: " + scope.wireName()
                            + ", digest: \"" + secret.digest() + "\" }");
                    return 0;
                }
                return withDatabase(loader, file, sub, (tokens, database) -> {
                    ApiTokens.Issued issued = tokens.create(name == null ? scope.wireName() + " token" : name, scope);
                    location.ifPresent(at -> database.agentStore().register(issued.token().id(), at));
                    out.println("Created token " + issued.token().id() + " (" + issued.token().name() + ", scope "
                            + scope.wireName() + location.map(at -> ", location " + at).orElse("")
                            + "). Its secret is shown only now; keep it safe:");
                    out.println(issued.secret().value());
                    return 0;
                });
            }
            case "list" -> {
                noMore(args);
                return withTokens(loader, file, sub, tokens -> {
                    out.printf("%-12s %-24s %-6s %-8s %-20s %-20s%n", "ID", "NAME", "SCOPE", "SOURCE", "CREATED", "LAST USED");
                    for (ApiToken token : tokens.list()) {
                        boolean configured = tokens.isConfigured(token);
                        out.printf("%-12s %-24s %-6s %-8s %-20s %-20s%s%n", token.id(), token.name(),
                                token.scope().wireName(), configured ? "config" : "stored",
                                configured ? "-" : token.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                                token.lastUsedAt().map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse("never"),
                                token.revokedAt().map(at -> "  revoked " + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).orElse(""));
                    }
                    return 0;
                });
            }
            case "revoke" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("token revoke takes one token id");
                }
                String id = args.get(0);
                return withTokens(loader, file, sub, tokens -> {
                    if (tokens.revoke(id)) {
                        out.println("Revoked token " + id + "; it is refused from the next request on.");
                        return 0;
                    }
                    out.println("No active stored token " + id + ".");
                    return 1;
                });
            }
            default -> throw new IllegalArgumentException("unknown token subcommand '" + sub + "'");
        }
    }

    private interface TokenAction {
        int apply(ApiTokens tokens);
    }

    private interface DatabaseAction {
        int apply(ApiTokens tokens, Database database);
    }

    private static int withTokens(ConfigLoader loader, String file, String command, TokenAction action) throws IOException {
        return withDatabase(loader, file, command, (tokens, database) -> action.apply(tokens));
    }

    private static int withDatabase(ConfigLoader loader, String file, String command, DatabaseAction action)
            throws IOException {
        UpwatchConfig config = Main.configOrDemo(loader, file);
        try (Database database = Main.openForCommand(PersistenceModule.settings(config.storage()), "token " + command)) {
            return action.apply(new ApiTokens(database.apiTokenStore(), config.server().access().tokens(),
                    Clock.systemUTC()), database);
        }
    }

    private static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + args.get(0));
        }
    }
}
