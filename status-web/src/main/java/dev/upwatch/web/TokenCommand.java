package dev.upwatch.web;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.port.AgentStore;
import dev.upwatch.core.service.ApiTokens;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code token create|list|revoke}: API tokens in the storage the configuration names (run by {@link StoreCommands},
 * here or in the running server). A new secret is printed once and never again; lists show ids, names, scopes and
 * times, never secrets.
 */
final class TokenCommand {
    private TokenCommand() {
    }

    /** True when the command needs no store: {@code token create --print-only}. */
    static boolean needsNoStore(List<String> args) {
        return !args.isEmpty() && args.get(0).equals("create") && args.contains("--print-only");
    }

    /** {@code token create ... --print-only}: a secret and its digest for the configuration file; nothing is stored. */
    static int printOnly(List<String> args, PrintStream out) {
        List<String> rest = new java.util.ArrayList<>(args.subList(1, args.size()));
        TokenScope scope = scope(rest);
        String name = Main.option(rest, "--name");
        rest.remove("--print-only");
        if (scope == TokenScope.AGENT) {
            throw new IllegalArgumentException("--print-only: an agent token is stored with its location;"
                    + " create it without --print-only");
        }
        noMore(rest);
        TokenSecret secret = TokenSecret.generate();
        out.println("token:  " + secret.value());
        out.println("digest: " + secret.digest());
        out.println("Not stored. To use it, add it to the configuration under server.auth.tokens:");
        out.println("  - { name: " + (name == null ? "my-token" : name) + ", scope: " + scope.wireName()
                + ", digest: \"" + secret.digest() + "\" }");
        return 0;
    }

    /**
     * Runs {@code token create|list|revoke} ({@code args} without {@code --config}) on {@code tokens}; an agent token's
     * location is registered in {@code agents}.
     */
    static int run(List<String> arguments, ApiTokens tokens, AgentStore agents, PrintStream out) {
        List<String> args = new java.util.ArrayList<>(arguments);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("token needs a subcommand: create, list or revoke");
        }
        String sub = args.remove(0);
        switch (sub) {
            case "create" -> {
                TokenScope scope = scope(args);
                String name = Main.option(args, "--name");
                Optional<Location> location = location(scope, Main.option(args, "--location"));
                noMore(args);
                ApiTokens.Issued issued = tokens.create(name == null ? scope.wireName() + " token" : name, scope);
                location.ifPresent(at -> agents.register(issued.token().id(), at));
                out.println("Created token " + issued.token().id() + " (" + issued.token().name() + ", scope "
                        + scope.wireName() + location.map(at -> ", location " + at).orElse("")
                        + "). Its secret is shown only now; keep it safe:");
                out.println(issued.secret().value());
                return 0;
            }
            case "list" -> {
                noMore(args);
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
            }
            case "revoke" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("token revoke takes one token id");
                }
                String id = args.get(0);
                if (tokens.revoke(id)) {
                    out.println("Revoked token " + id + "; it is refused from the next request on.");
                    return 0;
                }
                out.println("No active stored token " + id + ".");
                return 1;
            }
            default -> throw new IllegalArgumentException("unknown token subcommand '" + sub + "'");
        }
    }

    private static TokenScope scope(List<String> args) {
        String scopeText = Main.option(args, "--scope");
        if (scopeText == null) {
            throw new IllegalArgumentException("token create needs --scope admin, read or agent");
        }
        return TokenScope.fromWireName(scopeText);
    }

    /** An agent token is bound to the location it checks from; no other token has one. */
    private static Optional<Location> location(TokenScope scope, String text) {
        if ((scope == TokenScope.AGENT) != (text != null)) {
            throw new IllegalArgumentException(scope == TokenScope.AGENT
                    ? "--location: an agent token is bound to the location it checks from, e.g. --location office"
                    : "--location: only an agent token (--scope agent) has a location");
        }
        try {
            return Optional.ofNullable(text).map(Location::of);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--location: " + e.getMessage(), e);
        }
    }

    private static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + args.get(0));
        }
    }
}
