package dev.upwatch.core.account;

import java.time.Instant;
import java.util.Objects;

/**
 * One change in the audit log: who did what to which thing, and how it ended.
 *
 * @param at      when
 * @param actor   who: {@code user:<name>}, {@code token:<id>} or {@code cli}
 * @param action  what, e.g. {@code POST /admin/incidents} or {@code sign-in}
 * @param subject the thing changed (a path, a user name), or empty
 * @param outcome how it ended, e.g. the HTTP status {@code 201} or {@code refused: no CSRF token}
 */
public record AuditEntry(Instant at, String actor, String action, String subject, String outcome) {
    /** Longest text kept per field, in characters (longer text is cut). */
    public static final int MAX_TEXT = 500;

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        actor = cut(Objects.requireNonNull(actor, "actor"));
        action = cut(Objects.requireNonNull(action, "action"));
        subject = cut(Objects.requireNonNull(subject, "subject"));
        outcome = cut(Objects.requireNonNull(outcome, "outcome"));
    }

    /** The actor text of a console user. */
    public static String user(UserName name) {
        return "user:" + name.value();
    }

    /** The actor text of an API token. */
    public static String token(String id) {
        return "token:" + id;
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
