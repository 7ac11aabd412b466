package dev.upwatch.web.console;

import dev.upwatch.core.account.Role;
import dev.upwatch.web.auth.ConsoleUser;

import java.util.Objects;

/**
 * What every signed-in console page shows around its content: who is signed in, what they may do, and the CSRF token
 * its forms carry.
 *
 * @param title    the page's title
 * @param userName the signed-in user
 * @param role     their role's name
 * @param csrf     the session's synchronizer token
 * @param editor   true when the user may change monitors, incidents and maintenance
 * @param admin    true when the user may also change channels, tokens and users and read the audit log
 * @param section  the navigation entry to mark as current ({@code dashboard}, {@code incidents}, {@code audit})
 */
public record ConsoleFrame(String title, String userName, String role, String csrf, boolean editor, boolean admin,
                           String section) {
    public ConsoleFrame {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(section, "section");
    }

    /** The frame of {@code user}'s page titled {@code title}. */
    static ConsoleFrame of(ConsoleUser user, String title, String section) {
        return new ConsoleFrame(title, user.account().name().value(), user.role().wireName(), user.csrfToken(),
                user.role().covers(Role.EDITOR), user.role().covers(Role.ADMIN), section);
    }
}
