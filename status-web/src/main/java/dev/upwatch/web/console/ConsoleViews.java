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
}
