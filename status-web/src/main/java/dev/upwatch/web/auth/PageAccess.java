package dev.upwatch.web.auth;

import dev.upwatch.core.model.TokenDigest;

import java.util.List;
import java.util.Objects;

/**
 * Who may read one status page: anyone, its basic-auth users (or the holder of an API token), or whoever has its secret
 * link. The page router puts the access of the page a request is for on the request ({@link #ATTRIBUTE}); the access
 * filter asks for the credentials it names.
 */
public sealed interface PageAccess permits PageAccess.Open, PageAccess.Users, PageAccess.SecretLink {
    /** The request attribute holding the {@link PageAccess} of the page a request is for. */
    String ATTRIBUTE = PageAccess.class.getName();

    /** A public page. */
    Open OPEN = new Open();

    /** Anyone may read the page. */
    record Open() implements PageAccess {
    }

    /**
     * A private page: one of these users (HTTP basic auth), or any API token.
     *
     * @param realm the realm the browser shows when it asks
     * @param users at least one
     */
    record Users(String realm, List<AccessSettings.BasicUser> users) implements PageAccess {
        public Users {
            Objects.requireNonNull(realm, "realm");
            users = List.copyOf(users);
            if (users.isEmpty()) {
                throw new IllegalArgumentException("a private page needs at least one user");
            }
        }
    }

    /**
     * A page reached only through its secret link, {@code /s/<secret>/}: the secret is the credential.
     *
     * @param digest the SHA-256 digest of the secret (all that is configured)
     */
    record SecretLink(TokenDigest digest) implements PageAccess {
        public SecretLink {
            Objects.requireNonNull(digest, "digest");
        }
    }
}
