package dev.upwatch.core.account;

import dev.upwatch.core.model.TokenDigest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Console sessions: opened at sign-in, found again by the secret in the browser's cookie, ended by sign-out, by time
 * (idle and absolute limits), by a password change or by the account's removal. Only the secret's digest is stored,
 * so a copy of the database opens no session.
 */
public final class Sessions {
    /** A session unused this long ends (OWASP's session guidance: 15 to 30 minutes for an administrative console). */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** A session ends this long after sign-in whatever its use. */
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    /** The stored end is moved forward at most this often per session, not on every request. */
    static final Duration EXTEND_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore sessions;
    private final AccountStore accounts;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    public Sessions(SessionStore sessions, AccountStore accounts, Clock clock) {
        this(sessions, accounts, clock, IDLE, ABSOLUTE);
    }

    /**
     * @param idle     how long an unused session lives
     * @param absolute how long any session lives
     */
    public Sessions(SessionStore sessions, AccountStore accounts, Clock clock, Duration idle, Duration absolute) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.absolute = Objects.requireNonNull(absolute, "absolute");
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("need 0 < idle <= absolute, got " + idle + " and " + absolute);
        }
    }

    /**
     * A session just opened and the secret for the browser's cookie (shown only now).
     *
     * @param secret  the cookie's value
     * @param session what is stored
     */
    public record Opened(String secret, Session session) {
        public Opened {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    /**
     * A request's session, found.
     *
     * @param account the user as stored now (their current role)
     * @param session the session
     */
    public record SignedIn(Account account, Session session) {
        public SignedIn {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(session, "session");
        }
    }

    /** Opens a session for {@code account} (after its password was checked). */
    public Opened open(Account account) {
        Objects.requireNonNull(account, "account");
        String secret = random();
        Instant now = clock.instant();
        Instant end = now.plus(absolute);
        Session session = new Session(TokenDigest.of(secret), account.name(), random(), now, min(now.plus(idle), end), end);
        sessions.open(session);
        return new Opened(secret, session);
    }

    /**
     * The session whose cookie secret is {@code secret}, moving its idle end forward; empty when there is none, it
     * has ended, or its account is gone or has changed its password since (such a session is deleted).
     */
    public Optional<SignedIn> resume(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty() || secret.length() > 128) {
            return Optional.empty();
        }
        TokenDigest digest = TokenDigest.of(secret);
        Optional<Session> found = sessions.find(digest);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        Optional<Account> account = accounts.find(session.account());
        if (session.endedAt(now) || account.isEmpty() || account.get().passwordChangedAt().isAfter(session.createdAt())) {
            sessions.end(digest);
            return Optional.empty();
        }
        Instant extended = min(now.plus(idle), session.absoluteEnd());
        if (!session.expiresAt().plus(EXTEND_RESOLUTION).isAfter(extended)) {
            sessions.extend(digest, extended);
            session = new Session(digest, session.account(), session.csrfToken(), session.createdAt(), extended,
                    session.absoluteEnd());
        }
        return Optional.of(new SignedIn(account.get(), session));
    }

    /** Ends the session whose cookie secret is {@code secret} (sign-out); false when there was none. */
    public boolean end(String secret) {
        Objects.requireNonNull(secret, "secret");
        return !secret.isEmpty() && secret.length() <= 128 && sessions.end(TokenDigest.of(secret));
    }

    /** Deletes the sessions that have ended by time; returns how many. */
    public int endExpired() {
        return sessions.endExpired(clock.instant());
    }

    /** 256 random bits, base64url without padding (43 characters). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
