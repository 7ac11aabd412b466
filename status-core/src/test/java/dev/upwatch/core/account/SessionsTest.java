package dev.upwatch.core.account;

import dev.upwatch.core.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions end when unused for the idle limit, at the absolute limit whatever their use, at sign-out, and with a
 * password change or the account's removal; the clock is moved, never waited for.
 */
class SessionsTest {
    private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final Sessions sessions = new Sessions(store, store, clock);
    private final Account ada = new Account(new UserName("ada"), Role.EDITOR, "hash", START, START);

    SessionsTest() {
        store.add(ada);
    }

    @Test
    void opensASessionWhoseSecretAloneFindsItAndOnlyItsDigestIsStored() {
        Sessions.Opened opened = sessions.open(ada);
        assertEquals(43, opened.secret().length(), "256 random bits, base64url");
        assertEquals(43, opened.session().csrfToken().length());
        assertNotEquals(opened.secret(), opened.session().csrfToken());
        assertFalse(opened.session().toString().contains(opened.secret()));
        assertFalse(opened.toString().contains(opened.secret()));
        assertEquals(START.plus(Sessions.IDLE), opened.session().expiresAt());
        assertEquals(START.plus(Sessions.ABSOLUTE), opened.session().absoluteEnd());
        Sessions.SignedIn signedIn = sessions.resume(opened.secret()).orElseThrow();
        assertEquals(ada, signedIn.account());
        assertEquals(Optional.empty(), sessions.resume(opened.secret() + "x"));
        assertEquals(Optional.empty(), sessions.resume(""));
    }

    @Test
    void anUnusedSessionEndsAtTheIdleLimit() {
        Sessions.Opened opened = sessions.open(ada);
        clock.advance(Sessions.IDLE.minusSeconds(1));
        assertTrue(sessions.resume(opened.secret()).isPresent(), "one second before its end");
        clock.advance(Sessions.IDLE);
        assertEquals(Optional.empty(), sessions.resume(opened.secret()), "unused for the idle limit");
        assertEquals(0, store.sessionCount(), "an ended session is deleted when found");
    }

    @Test
    void useMovesTheIdleEndForwardAtMostOnceAMinuteButNeverPastTheAbsoluteEnd() {
        Sessions.Opened opened = sessions.open(ada);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(START.plus(Sessions.IDLE), sessions.resume(opened.secret()).orElseThrow().session().expiresAt(),
                "not written for a use within the minute");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(clock.instant().plus(Sessions.IDLE),
                sessions.resume(opened.secret()).orElseThrow().session().expiresAt());
        for (int i = 0; i < Sessions.ABSOLUTE.toMinutes() / 20; i++) { // used every 20 minutes, all day
            clock.advance(Duration.ofMinutes(20));
            if (clock.instant().isBefore(START.plus(Sessions.ABSOLUTE))) {
                assertTrue(sessions.resume(opened.secret()).isPresent(), "in use at " + clock.instant());
            }
        }
        clock.set(START.plus(Sessions.ABSOLUTE));
        assertEquals(Optional.empty(), sessions.resume(opened.secret()), "the absolute limit, whatever the use");
    }

    @Test
    void signOutPasswordChangeAndRemovalEndSessions() {
        Sessions.Opened first = sessions.open(ada);
        Sessions.Opened second = sessions.open(ada);
        Sessions.Opened third = sessions.open(ada);
        assertTrue(sessions.end(first.secret()));
        assertFalse(sessions.end(first.secret()));
        assertEquals(Optional.empty(), sessions.resume(first.secret()));
        assertTrue(sessions.resume(second.secret()).isPresent());

        clock.advance(Duration.ofMinutes(1));
        store.changePassword(ada.name(), "new hash", clock.instant());
        assertEquals(Optional.empty(), sessions.resume(second.secret()), "a password change ends every session");
        assertEquals(Optional.empty(), sessions.resume(third.secret()));
        Sessions.Opened after = sessions.open(store.find(ada.name()).orElseThrow());
        assertTrue(sessions.resume(after.secret()).isPresent(), "a session opened with the new password works");
        store.remove(ada.name());
        assertEquals(Optional.empty(), sessions.resume(after.secret()));
    }

    @Test
    void aSessionOlderThanThePasswordIsRefusedEvenIfAStoreKeptIt() {
        Sessions.Opened opened = sessions.open(ada);
        clock.advance(Duration.ofMinutes(2));
        // A store that changed the hash without ending the sessions (e.g. a restored backup of one table).
        store.remove(ada.name());
        store.add(new Account(ada.name(), ada.role(), "other", START, clock.instant()));
        store.open(opened.session());
        assertEquals(Optional.empty(), sessions.resume(opened.secret()));
    }

    @Test
    void endExpiredDeletesOnlyEndedSessions() {
        sessions.open(ada);
        clock.advance(Duration.ofMinutes(20));
        Sessions.Opened later = sessions.open(ada);
        clock.advance(Duration.ofMinutes(15));
        assertEquals(1, sessions.endExpired());
        assertTrue(sessions.resume(later.secret()).isPresent());
    }
}
