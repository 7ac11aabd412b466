package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link SubscriptionStore} on a real database must do, with a fresh migrated database per test. */
abstract class SubscriptionStoreContract extends FreshDatabaseTest {
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected SubscriptionStore store;

    @BeforeEach
    void openStore() {
        store = database.subscriptionStore();
    }

    private static Subscription email(String address, Optional<Set<MonitorId>> services, Instant at) {
        return new Subscription(SubscriptionId.random(), Subscription.DEFAULT_PAGE, Subscription.Kind.EMAIL, address,
                Optional.empty(), services, at);
    }

    @Test
    void roundTripsEveryField() {
        Subscription mail = store.save(new Subscription(SubscriptionId.random(), Subscription.DEFAULT_PAGE,
                Subscription.Kind.EMAIL, "zoë@example.com", Optional.empty(), Optional.of(Set.of(MonitorId.of("api"),
                MonitorId.of("db"))), NOON, Locale.JAPANESE));
        Subscription hook = store.save(new Subscription(SubscriptionId.random(), "default", Subscription.Kind.WEBHOOK,
                "https://hooks.example.com/x?y=1", Optional.of("whsec_c2VjcmV0"), Optional.empty(),
                NOON.plusSeconds(1)));

        assertEquals(List.of(mail, hook), store.all());
    }

    @Test
    void aSecondConfirmationKeepsTheIdAndReplacesTheServices() {
        Subscription first = store.save(email("a@example.com", Optional.empty(), NOON));
        Subscription second = store.save(email("a@example.com", Optional.of(Set.of(MonitorId.of("api"))),
                NOON.plusSeconds(60)));

        assertEquals(first.id(), second.id());
        assertEquals(List.of(second), store.all());
        assertEquals(Optional.of(Set.of(MonitorId.of("api"))), store.all().getFirst().services());
        assertEquals(Locale.ENGLISH, store.all().getFirst().locale(), "made without a choice: English");
    }

    @Test
    void aSecondConfirmationTakesTheLanguageItWasMadeIn() {
        Subscription first = store.save(email("a@example.com", Optional.empty(), NOON));
        Subscription second = store.save(new Subscription(SubscriptionId.random(), Subscription.DEFAULT_PAGE,
                Subscription.Kind.EMAIL, "a@example.com", Optional.empty(), Optional.empty(), NOON.plusSeconds(60),
                Locale.GERMAN));

        assertEquals(first.id(), second.id());
        assertEquals(List.of(second), store.all());
        assertEquals(Locale.GERMAN, store.all().getFirst().locale());
    }

    @Test
    void removeForgetsOnlyThatSubscription() {
        Subscription a = store.save(email("a@example.com", Optional.empty(), NOON));
        Subscription b = store.save(email("b@example.com", Optional.empty(), NOON.plusSeconds(1)));

        assertTrue(store.remove(a.id()));
        assertFalse(store.remove(a.id()));
        assertEquals(List.of(b), store.all());
    }
}
