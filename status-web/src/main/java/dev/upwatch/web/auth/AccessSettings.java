package dev.upwatch.web.auth;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.Cidr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may see what ({@code server.auth} and {@code server.trusted-proxies} in the configuration).
 *
 * @param tokens         API tokens defined in the configuration (by digest), in addition to the stored ones
 * @param privatePages   when true, the status page, badges and read API need a token or the basic-auth user
 * @param basicUser      the basic-auth user for private pages, if any
 * @param protectMetrics when true (the default), {@code /metrics} needs an API token; when false it is as public as
 *                       the page and leaves private monitors out
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed
 */
public record AccessSettings(List<ApiToken> tokens, boolean privatePages, Optional<BasicUser> basicUser,
                             boolean protectMetrics, List<Cidr> trustedProxies) {
    /** Pages and read API public, the admin API and the operators' routes behind tokens; no trusted proxies. */
    public static final AccessSettings DEFAULT = new AccessSettings(List.of(), false, Optional.empty(), true, List.of());

    public AccessSettings {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(basicUser, "basicUser");
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The basic-auth user of a private page.
     *
     * @param name         user name
     * @param passwordHash the password's hash
     */
    public record BasicUser(String name, PasswordHash passwordHash) {
        public BasicUser {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(passwordHash, "passwordHash");
            if (name.isEmpty() || name.contains(":")) {
                throw new IllegalArgumentException("user must be non-empty and contain no ':'");
            }
        }
    }
}
