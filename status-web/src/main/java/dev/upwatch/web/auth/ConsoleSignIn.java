package dev.upwatch.web.auth;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.Sessions;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.model.TokenDigest;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs console users in and out. A sign-in is throttled exactly like a token or basic-auth attempt — it shares the
 * {@link FailureThrottle} (20 failures per client per minute, counted from the start of each attempt) and the
 * {@link PasswordChecks} bounds (hashes at once, checks waiting, two per client) with the API's {@link AccessFilter} —
 * so guessing through the console cannot take more CPU or more tries than guessing through the API.
 */
public final class ConsoleSignIn {
    private final Accounts accounts;
    private final Sessions sessions;
    private final FailureThrottle throttle;
    private final PasswordChecks passwords;
    private final ClientAddress clients;
    private final AuditLog audit;
    private final Clock clock;

    /** What a sign-in came to. */
    public sealed interface Outcome permits SignedIn, Refused {
    }

    /**
     * Signed in: set the session cookie to {@code opened.secret()}.
     *
     * @param opened  the new session
     * @param account the user
     */
    public record SignedIn(Sessions.Opened opened, Account account) implements Outcome {
        public SignedIn {
            Objects.requireNonNull(opened, "opened");
            Objects.requireNonNull(account, "account");
        }
    }

    /**
     * Not signed in.
     *
     * @param status     the HTTP status to answer (401 wrong credentials, 429 throttled, 503 too busy)
     * @param message    what to tell the person, one sentence
     * @param retryAfter for 429 and 503, how long to wait, in whole seconds
     */
    public record Refused(int status, String message, long retryAfter) implements Outcome {
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }

    ConsoleSignIn(Accounts accounts, Sessions sessions, FailureThrottle throttle, PasswordChecks passwords,
                  ClientAddress clients, AuditLog audit, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks {@code name} and {@code password} from {@code request}'s client and opens a session when they match. */
    public Outcome signIn(HttpServletRequest request, String name, char[] password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        String client = client(request);
        FailureThrottle.Attempt attempt;
        switch (throttle.admit(client)) {
            case FailureThrottle.Refused refused -> {
                long seconds = Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000);
                return new Refused(429, "Too many failed sign-ins from your address; try again in " + seconds + " s.",
                        seconds);
            }
            case FailureThrottle.Admitted admitted -> attempt = admitted.attempt();
        }
        try {
            Optional<Account> stored = validName(name).flatMap(accounts::find);
            // The stored hash is part of the key: a remembered match ends with the password it was made with.
            TokenDigest key = TokenDigest.of(name + "\u0000" + new String(password) + "\u0000"
                    + stored.map(Account::passwordHash).orElse("-"));
            PasswordChecks.Verdict verdict = passwords.check(client, key,
                    () -> accounts.authenticate(name, password).isPresent());
            switch (verdict) {
                case MATCH -> {
                    Optional<Account> account = validName(name).flatMap(accounts::find);
                    if (account.isEmpty()) { // removed in between
                        attempt.failed();
                        return wrong();
                    }
                    attempt.succeeded();
                    Sessions.Opened opened = sessions.open(account.get());
                    audit.record(new AuditEntry(clock.instant(), AuditEntry.user(account.get().name()), "sign-in",
                            account.get().name().value(), "signed in from " + client));
                    return new SignedIn(opened, account.get());
                }
                case MISMATCH -> {
                    attempt.failed();
                    return wrong();
                }
                case CLIENT_BUSY -> {
                    attempt.notChecked();
                    return new Refused(429, "Your other sign-ins are still being checked; try again in a second.", 1);
                }
                case SERVER_BUSY -> {
                    attempt.notChecked();
                    return new Refused(503, "Too many sign-ins are being checked; try again in a second.", 1);
                }
            }
            throw new AssertionError("every verdict is handled");
        } catch (RuntimeException | Error e) {
            attempt.notChecked(); // e.g. the store failed: that says nothing about the credentials
            throw e;
        }
    }

    /** Ends {@code user}'s session (sign-out). */
    public void signOut(ConsoleUser user, String secret) {
        sessions.end(secret);
        audit.record(new AuditEntry(clock.instant(), AuditEntry.user(user.account().name()), "sign-out",
                user.account().name().value(), "signed out"));
    }

    /**
     * True when the browser will send a {@code Secure} cookie back to this request's origin: HTTPS (a TLS-terminating
     * proxy among {@code server.trusted-proxies} says so with {@code X-Forwarded-Proto: https}), or plain HTTP to a
     * loopback host, which browsers treat as secure.
     */
    public boolean cookieReturns(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto != null && proto.trim().equalsIgnoreCase("https") && clients.trusted(request.getRemoteAddr())) {
            return true;
        }
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private String client(HttpServletRequest request) {
        return clients.of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    private static Optional<UserName> validName(String name) {
        try {
            return Optional.of(new UserName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Refused wrong() {
        return new Refused(401, "Wrong name or password.", 0);
    }

    /** How long a session lives unused, for the sign-in page. */
    public static Duration idleLimit() {
        return Sessions.IDLE;
    }
}
