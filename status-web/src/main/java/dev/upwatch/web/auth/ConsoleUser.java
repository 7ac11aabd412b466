package dev.upwatch.web.auth;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.Session;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in user of a console request, put on the request by {@link ConsoleGate} after it checked the session,
 * the role and (for a change) the CSRF proof.
 *
 * @param account the user as stored now
 * @param session the session (its CSRF token goes into every form)
 */
public record ConsoleUser(Account account, Session session) {
    private static final String ATTRIBUTE = ConsoleUser.class.getName();

    public ConsoleUser {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(session, "session");
    }

    /** The user's role. */
    public Role role() {
        return account.role();
    }

    /** The token every form of this session carries (field {@value ConsoleGate#CSRF_FIELD}). */
    public String csrfToken() {
        return session.csrfToken();
    }

    /** The signed-in user of {@code request}: present on every console route but the sign-in page. */
    public static Optional<ConsoleUser> of(HttpServletRequest request) {
        return Optional.ofNullable(request.getAttribute(ATTRIBUTE)).map(ConsoleUser.class::cast);
    }

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
