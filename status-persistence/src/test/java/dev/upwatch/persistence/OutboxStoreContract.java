package dev.upwatch.persistence;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link OutboxStore} on a real database must do, with a fresh, empty, migrated database per test. */
abstract class OutboxStoreContract extends FreshDatabaseTest {
    static final Instant T0 = Instant.parse("2026-11-24T20:01:02.123456Z");
    static final String BODY = "{\"type\":\"service.down\",\"text\":\"Zoë ✓ 🚀 \\\"quoted\\\"\"}";

    protected OutboxStore store;

    @BeforeEach
    void openStore() {
        store = database.outboxStore();
    }

    @Test
    void aStoredMessageIsPendingWithEveryField() {
        var message = OutboxMessage.pending("msg_1", "ops", "service.down", BODY, T0);
        store.enqueue(List.of(message));

        assertEquals(List.of(message), store.pending());
    }

    @Test
    void pendingIsOldestFirstAndEnqueueingTwiceKeepsTheFirst() {
        var later = OutboxMessage.pending("msg_2", "ops", "service.up", "{}", T0.plusSeconds(5));
        var earlier = OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0);
        store.enqueue(List.of(later, earlier));
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{\"other\":1}", T0.plusSeconds(9))));

        assertEquals(List.of(earlier, later), store.pending());
    }

    @Test
    void messagesStoredAtOneInstantStayInTheOrderTheyWereStoredWithTheirSubjects() {
        var second = OutboxMessage.pending("msg_b", "ops", "service.down", Optional.of("service:api"), "{}", T0);
        var first = OutboxMessage.pending("msg_a", "ops", "incident.opened", Optional.of("incident:api-1"), "{}", T0);
        var plain = OutboxMessage.pending("msg_0", "ops", "service.certificate-expiring", "{}", T0);
        store.enqueue(List.of(second));
        store.enqueue(List.of(first, plain));

        assertEquals(List.of(second, first, plain), store.pending());
    }

    @Test
    void aClaimHoldsUntilItLapsesOrItsAttemptIsRecorded() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0)));

        assertTrue(store.claim("msg_1", "ops", "relay-a", T0, T0.plusSeconds(30)));
        assertFalse(store.claim("msg_1", "ops", "relay-b", T0.plusSeconds(10), T0.plusSeconds(40)), "held by relay-a");
        assertTrue(store.claim("msg_1", "ops", "relay-a", T0.plusSeconds(10), T0.plusSeconds(40)), "its owner renews it");
        assertTrue(store.claim("msg_1", "ops", "relay-b", T0.plusSeconds(41), T0.plusSeconds(70)), "lapsed: taken over");

        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0.plusSeconds(41), OptionalInt.of(503),
                Duration.ofMillis(3), Optional.of("HTTP 503"), DeliveryState.PENDING), T0.plusSeconds(46));
        assertTrue(store.claim("msg_1", "ops", "relay-a", T0.plusSeconds(46), T0.plusSeconds(76)), "recording ended the claim");

        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 2, T0.plusSeconds(46), OptionalInt.of(200),
                Duration.ofMillis(3), Optional.empty(), DeliveryState.DELIVERED), T0.plusSeconds(46));
        assertFalse(store.claim("msg_1", "ops", "relay-a", T0.plusSeconds(100), T0.plusSeconds(130)), "delivered");
        assertFalse(store.claim("msg_2", "ops", "relay-a", T0, T0.plusSeconds(30)), "unknown");
    }

    @Test
    void oneMessageGoesToSeveralChannelsUnderOneId() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0),
                OutboxMessage.pending("msg_1", "chat", "service.down", "{}", T0)));

        assertEquals(List.of("chat", "ops"), store.pending().stream().map(OutboxMessage::channel).sorted().toList());
    }

    @Test
    void onlyAGivenUpMessageRevivesPendingWithNoAttemptAndItsLogKept() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", BODY, T0),
                OutboxMessage.pending("msg_2", "ops", "service.up", BODY, T0)));
        var rejected = new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.of(400),
                Duration.ofMillis(4), Optional.of("HTTP 400"), DeliveryState.DEAD);
        store.recordAttempt(rejected, T0);
        assertEquals(Optional.empty(), store.revive("msg_2", "ops", T0.plusSeconds(60)), "pending, not given up");
        assertEquals(Optional.empty(), store.revive("msg_1", "other", T0.plusSeconds(60)), "no such message there");

        var revived = new OutboxMessage("msg_1", "ops", "service.down", BODY, T0, 0, T0.plusSeconds(60),
                DeliveryState.PENDING);
        assertEquals(Optional.of(revived), store.revive("msg_1", "ops", T0.plusSeconds(60)));
        assertTrue(store.pending().contains(revived));
        assertEquals(List.of(rejected), store.deliveries(10), "the log keeps the given-up attempt");
        assertEquals(Optional.empty(), store.revive("msg_1", "ops", T0.plusSeconds(61)), "pending again: not twice");
    }

    @Test
    void aFailedAttemptKeepsItPendingWithTheNextTimeAndADeliveredOneLeavesIt() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", BODY, T0)));
        var failed = new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.of(503),
                Duration.ofMillis(12), Optional.of("HTTP 503"), DeliveryState.PENDING);
        store.recordAttempt(failed, T0.plusSeconds(5));

        assertEquals(List.of(new OutboxMessage("msg_1", "ops", "service.down", BODY, T0, 1, T0.plusSeconds(5),
                DeliveryState.PENDING)), store.pending());

        var delivered = new DeliveryAttempt("msg_1", "ops", "service.down", 2, T0.plusSeconds(5), OptionalInt.of(200),
                Duration.ofMillis(3), Optional.empty(), DeliveryState.DELIVERED);
        store.recordAttempt(delivered, T0.plusSeconds(5));

        assertEquals(List.of(), store.pending());
        assertEquals(List.of(delivered, failed), store.deliveries(10));
    }

    @Test
    void theLogKeepsAnAttemptWithoutAnswerAndIsNewestFirstWithALimit() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0)));
        for (int attempt = 1; attempt <= 5; attempt++) {
            store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", attempt, T0.plusSeconds(attempt),
                    OptionalInt.empty(), Duration.ofNanos(1_500_000), Optional.of("connection refused"),
                    attempt == 5 ? DeliveryState.DEAD : DeliveryState.PENDING), T0.plusSeconds(attempt + 1));
        }

        var log = store.deliveries(2);
        assertEquals(List.of(5, 4), log.stream().map(DeliveryAttempt::attempt).toList());
        assertEquals(OptionalInt.empty(), log.getFirst().statusCode());
        assertEquals(Duration.ofNanos(1_500_000), log.getFirst().latency());
        assertEquals(DeliveryState.DEAD, log.getFirst().outcome());
        assertEquals(List.of(), store.pending());
        assertEquals(5, store.deliveries(100).size());
        assertEquals(List.of(), store.deliveries(0));
    }

    @Test
    void aLongErrorIsCut() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0)));
        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.empty(),
                Duration.ZERO, Optional.of("x".repeat(5000)), DeliveryState.DEAD), T0);

        assertEquals(JooqOutboxStore.ERROR_MAX_CHARS, store.deliveries(1).getFirst().error().orElseThrow().length());
    }

    @Test
    void anAttemptForAnUnknownMessageIsRefusedAndNotLogged() {
        assertThrows(IllegalArgumentException.class, () -> store.recordAttempt(new DeliveryAttempt("msg_x", "ops",
                "service.down", 1, T0, OptionalInt.of(200), Duration.ZERO, Optional.empty(), DeliveryState.DELIVERED), T0));
        assertEquals(List.of(), store.deliveries(10));
    }

    @Test
    void disablingAChannelGivesUpItsPendingMessagesOnlyAndIsRemembered() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "gone", "service.down", "{}", T0),
                OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0)));
        var first = new DisabledChannel("gone", "fp1", T0, "HTTP 410 Gone");
        store.disable(first);

        assertEquals(List.of("ops"), store.pending().stream().map(OutboxMessage::channel).toList());
        assertEquals(List.of(first), store.disabledChannels());

        var again = new DisabledChannel("gone", "fp2", T0.plusSeconds(60), "HTTP 410 Gone");
        store.disable(again);
        assertEquals(List.of(again), store.disabledChannels());
    }

    @Test
    void pruningForgetsOldFinishedMessagesAndOldLogEntriesButNeverPendingOnes() {
        store.enqueue(List.of(OutboxMessage.pending("msg_old_done", "ops", "service.down", "{}", T0),
                OutboxMessage.pending("msg_old_pending", "ops", "service.down", "{}", T0),
                OutboxMessage.pending("msg_new_done", "ops", "service.up", "{}", T0.plusSeconds(3600))));
        store.recordAttempt(new DeliveryAttempt("msg_old_done", "ops", "service.down", 1, T0, OptionalInt.of(200),
                Duration.ZERO, Optional.empty(), DeliveryState.DELIVERED), T0);
        store.recordAttempt(new DeliveryAttempt("msg_new_done", "ops", "service.up", 1, T0.plusSeconds(3600),
                OptionalInt.of(200), Duration.ZERO, Optional.empty(), DeliveryState.DELIVERED), T0.plusSeconds(3600));

        assertEquals(1, store.prune(T0.plusSeconds(60)));

        assertEquals(List.of("msg_old_pending"), store.pending().stream().map(OutboxMessage::id).toList());
        assertEquals(List.of("msg_new_done"), store.deliveries(10).stream().map(DeliveryAttempt::messageId).toList());
        store.enqueue(List.of(OutboxMessage.pending("msg_new_done", "ops", "service.up", "{}", T0.plusSeconds(3600))));
        assertEquals(List.of("msg_old_pending"), store.pending().stream().map(OutboxMessage::id).toList(),
                "a kept delivered message is not enqueued again");
    }

    @Test
    void messagesSurviveReopening() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", BODY, T0)));
        database.close();
        database = Database.open(settings);
        store = database.outboxStore();

        assertEquals(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", BODY, T0)), store.pending());
    }
}
