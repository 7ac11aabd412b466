package dev.upwatch.web.auth;

import dev.upwatch.core.model.TokenScope;

import java.util.Objects;

/**
 * A reader of the status pages who is staff: for now the holder of a valid API token (any scope), until the console's
 * sign-in exists. The access filter puts it on a request ({@link #ATTRIBUTE}) after checking the token; the reader
 * scopes then give the request the pages made from the engine's full view, private monitors included.
 *
 * @param token the name of the token that was presented (never its secret)
 * @param scope the token's scope
 */
public record StaffCredential(String token, TokenScope scope) {
    /** The request attribute holding the {@link StaffCredential} of a request, if it has one. */
    public static final String ATTRIBUTE = StaffCredential.class.getName();

    public StaffCredential {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(scope, "scope");
    }
}
