package dev.upwatch.web.console;

import java.util.List;
import java.util.Objects;

/** The console pages' view models (wire types for the templates, built by the resources). */
public final class ConsoleViews {
    private ConsoleViews() {
    }

    /**
     * The sign-in page.
     *
     * @param pageTitle the status page's title
     * @param error     what went wrong with the last try, or empty
     * @param csrf      the sign-in form's token (also in the double-submit cookie)
     * @param next      the console page to go to afterwards
     * @param name      the name entered last time
     * @param insecure  true when the browser would not return the session cookie (plain HTTP to a non-loopback host)
     */
    public record SignInView(String pageTitle, String error, String csrf, String next, String name, boolean insecure) {
        public SignInView {
            Objects.requireNonNull(pageTitle, "pageTitle");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The audit log.
     *
     * @param frame   the frame
     * @param entries newest first
     */
    public record AuditView(ConsoleFrame frame, List<AuditRow> entries) {
        public AuditView {
            Objects.requireNonNull(frame, "frame");
            entries = List.copyOf(entries);
        }
    }

    /** One audit entry as shown; {@code datetime} is ISO-8601 for the {@code <time>} element. */
    public record AuditRow(String at, String datetime, String actor, String action, String subject, String outcome) {
    }

    /**
     * The dashboard page: the frame around the dashboard's body, which is the live render ({@link ConsoleLive}).
     *
     * @param frame the console frame
     * @param body  the body's markup, rendered from the console's templates
     */
    public record DashboardPage(ConsoleFrame frame, String body) {
        public DashboardPage {
            java.util.Objects.requireNonNull(frame, "frame");
            java.util.Objects.requireNonNull(body, "body");
        }
    }

    /**
     * The users page.
     *
     * @param frame     the frame
     * @param users     every user, by name
     * @param message   what the last change did, or empty
     * @param error     why it was refused (field first), or empty
     * @param typedName the name the add form keeps after a refusal
     */
    public record UsersView(ConsoleFrame frame, List<UserRow> users, String message, String error, String typedName) {
        public UsersView {
            Objects.requireNonNull(frame, "frame");
            users = List.copyOf(users);
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(typedName, "typedName");
        }
    }

    /** One user as listed; {@code self} marks the signed-in admin. */
    public record UserRow(String name, String role, String created, String passwordChanged, boolean self) {
    }

    /**
     * The API tokens page.
     *
     * @param frame   the frame
     * @param tokens  configured, then stored tokens, oldest first
     * @param message what the last change did, or empty
     * @param error   why it was refused, or empty
     * @param secret  the secret of the token just created (shown this once), or empty
     */
    public record TokensView(ConsoleFrame frame, List<TokenRow> tokens, String message, String error, String secret) {
        public TokensView {
            Objects.requireNonNull(frame, "frame");
            tokens = List.copyOf(tokens);
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** One token as listed: {@code state} is active, revoked or configured; only active stored ones are revocable. */
    public record TokenRow(String id, String name, String scope, String created, String lastUsed, String state,
                           boolean revocable) {
    }
}
