package dev.upwatch.persistence;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.ClusterStore;
import dev.upwatch.core.port.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox two cluster nodes share on a real PostgreSQL: the single-process contract holds, and across nodes a
 * message goes in its order per channel and subject, an idle or lapsed one is picked up by another node (skipping rows
 * locked by a concurrent picker), a newer message supersedes an older one waiting for its retry, and a node is woken
 * when another stores a message. A node alive by the cluster's heartbeat keeps what it holds however late it is (its
 * claim's end, read with another node's clock, is past): no second node starts sending it, and a node that lost a
 * message to another (it was dead meanwhile) cannot move it on.
 */
class PostgresSharedOutboxStoreTest extends PostgresOutboxStoreTest {
    private static final Set<String> OPS = Set.of("ops");
    private OutboxStore other;

    @Override
    @BeforeEach
    void openStore() {
        store = database.sharedOutboxStore("a").orElseThrow();
        other = database.sharedOutboxStore("b").orElseThrow();
    }

    @Test
    void eachNodeClaimsUnderItsOwnName() {
        assertTrue(store.shared());
        assertEquals("a", store.relay());
        assertEquals("b", other.relay());
    }

    @Test
    void anotherNodePicksUpAnIdleMessageAndThenItsStoreCannotClaimIt() {
        var message = OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), BODY, T0);
        store.enqueue(List.of(message));

        assertEquals(List.of(message), other.pickUp("b", OPS, T0, T0.plusSeconds(20), 10));
        assertEquals(List.of(), store.pickUp("a", OPS, T0.plusSeconds(1), T0.plusSeconds(21), 10), "held by b");
        assertFalse(store.claim("msg_1", "ops", "a", T0.plusSeconds(1), T0.plusSeconds(21)), "held by b");
        assertTrue(other.claim("msg_1", "ops", "b", T0.plusSeconds(1), T0.plusSeconds(21)), "b's pick-up is its claim");
        assertEquals(List.of(), other.pickUp("b", Set.of("chat"), T0, T0.plusSeconds(20), 10), "only the given channels");
    }

    @Test
    void aClaimThatLapsedBecauseItsNodeDiedIsPickedUpWithItsAttempts() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        assertTrue(store.claim("msg_1", "ops", "a", T0, T0.plusSeconds(20))); // a dies mid-attempt

        assertEquals(List.of(), other.pickUp("b", OPS, T0.plusSeconds(19), T0.plusSeconds(39), 10));
        List<OutboxMessage> picked = other.pickUp("b", OPS, T0.plusSeconds(20), T0.plusSeconds(40), 10);
        assertEquals(List.of("msg_1"), picked.stream().map(OutboxMessage::id).toList());
    }

    @Test
    void aLiveNodesClaimIsNotTakenOverWhenItRunsOutOnlyOnceTheNodeIsDead() {
        ClusterStore cluster = database.clusterStore().orElseThrow();
        cluster.heartbeat(NodeId.of("a"), Location.of("fra"), Duration.ofMinutes(10)); // a is live, by the database
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        assertTrue(store.claim("msg_1", "ops", "a", T0, T0.plusSeconds(20)));

        // a's receiver is slow or a is stalled: 40 s later (b's clock) its claim has run out, but a is still live.
        Instant late = T0.plusSeconds(60);
        assertFalse(other.claim("msg_1", "ops", "b", late, late.plusSeconds(20)), "a live node keeps its message");
        assertEquals(List.of(), other.pickUp("b", OPS, late, late.plusSeconds(20), 10), "nor is it picked up");

        cluster.leave(NodeId.of("a"), Location.of("fra")); // a dies (its heartbeat row gone: not live)
        assertEquals(List.of("msg_1"), other.pickUp("b", OPS, late, late.plusSeconds(20), 10).stream()
                .map(OutboxMessage::id).toList(), "a dead node's lapsed message is sent by another: at least once");
    }

    @Test
    void aLiveNodesFailedAttemptWaitingForItsRetryIsNotSupersededWhileItHoldsIt() {
        ClusterStore cluster = database.clusterStore().orElseThrow();
        cluster.heartbeat(NodeId.of("a"), Location.of("fra"), Duration.ofMinutes(10));
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.of(503),
                Duration.ofMillis(2), Optional.of("HTTP 503"), DeliveryState.PENDING), T0.plusSeconds(5));
        assertTrue(store.claim("msg_1", "ops", "a", T0.plusSeconds(5), T0.plusSeconds(25))); // a's retry, in flight
        other.enqueue(List.of(OutboxMessage.pending("msg_2", "ops", "service.up", Optional.of("service:api"), "{}",
                T0.plusSeconds(6))));

        assertFalse(other.claim("msg_2", "ops", "b", T0.plusSeconds(60), T0.plusSeconds(80)),
                "msg_1 is in flight on a live node: neither given up under it nor overtaken");
        assertEquals(List.of("msg_1", "msg_2"), store.pending().stream().map(OutboxMessage::id).toList());
    }

    @Test
    void aNodeThatLostItsMessageToAnotherCannotMoveItOn() {
        ClusterStore cluster = database.clusterStore().orElseThrow();
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        assertTrue(store.claim("msg_1", "ops", "a", T0, T0.plusSeconds(20))); // then a stalls: no heartbeat
        cluster.heartbeat(NodeId.of("b"), Location.of("fra"), Duration.ofMinutes(10));
        assertTrue(other.claim("msg_1", "ops", "b", T0.plusSeconds(20), T0.plusSeconds(40)), "a counted as dead");

        // a wakes up: its attempt timed out, it records a retry. That must neither end b's claim nor free the message.
        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.empty(),
                Duration.ofSeconds(21), Optional.of("timed out"), DeliveryState.PENDING), T0.plusSeconds(21));
        assertFalse(store.claim("msg_1", "ops", "a", T0.plusSeconds(21), T0.plusSeconds(41)), "b still holds it");
        assertEquals(List.of(0), store.pending().stream().map(OutboxMessage::attempts).toList(), "unchanged by a");
        DeliveryAttempt noted = store.deliveries(1).getFirst();
        assertTrue(noted.error().orElseThrow().contains("not applied: held by b"), noted.toString());

        other.recordAttempt(delivered("msg_1", 1, T0.plusSeconds(20)), T0.plusSeconds(20));
        assertEquals(List.of(), store.pending(), "b's delivery ends it");
    }

    @Test
    void aMessageWaitsForTheOlderOneOfItsChannelAndSubjectOnWhicheverNode() {
        var down = OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0);
        var up = OutboxMessage.pending("msg_2", "ops", "service.up", Optional.of("service:api"), "{}", T0.plusSeconds(1));
        var other1 = OutboxMessage.pending("msg_3", "ops", "service.down", Optional.of("service:web"), "{}", T0.plusSeconds(1));
        store.enqueue(List.of(down));
        other.enqueue(List.of(up, other1));

        assertFalse(other.claim("msg_2", "ops", "b", T0.plusSeconds(2), T0.plusSeconds(22)), "msg_1 is still pending");
        assertEquals(List.of("msg_1", "msg_3"), other.pickUp("b", OPS, T0.plusSeconds(2), T0.plusSeconds(22), 10)
                .stream().map(OutboxMessage::id).toList(), "the first of each subject");

        other.recordAttempt(delivered("msg_1", 1, T0.plusSeconds(3)), T0.plusSeconds(3));
        assertTrue(store.claim("msg_2", "ops", "a", T0.plusSeconds(4), T0.plusSeconds(24)));
    }

    @Test
    void aNewerMessageSupersedesAnOlderOneWaitingForItsRetryOnAnotherNode() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        assertTrue(store.claim("msg_1", "ops", "a", T0, T0.plusSeconds(20)));
        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.of(503),
                Duration.ofMillis(2), Optional.of("HTTP 503"), DeliveryState.PENDING), T0.plusSeconds(300));
        other.enqueue(List.of(OutboxMessage.pending("msg_2", "ops", "service.up", Optional.of("service:api"), "{}",
                T0.plusSeconds(10))));

        assertTrue(other.claim("msg_2", "ops", "b", T0.plusSeconds(10), T0.plusSeconds(30)));
        assertEquals(List.of("msg_2"), store.pending().stream().map(OutboxMessage::id).toList());
        DeliveryAttempt log = store.deliveries(1).getFirst();
        assertEquals("msg_1", log.messageId());
        assertEquals(DeliveryState.DEAD, log.outcome());
        assertEquals(2, log.attempt());
        assertFalse(store.claim("msg_1", "ops", "a", T0.plusSeconds(300), T0.plusSeconds(320)), "never retried");
    }

    @Test
    void aFailedAttemptWithANewerMessageWaitingIsGivenUpInsteadOfRetried() {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", Optional.of("service:api"), "{}", T0)));
        assertTrue(store.claim("msg_1", "ops", "a", T0, T0.plusSeconds(20)));
        other.enqueue(List.of(OutboxMessage.pending("msg_2", "ops", "service.up", Optional.of("service:api"), "{}",
                T0.plusSeconds(1))));
        store.recordAttempt(new DeliveryAttempt("msg_1", "ops", "service.down", 1, T0, OptionalInt.of(503),
                Duration.ofMillis(2), Optional.of("HTTP 503"), DeliveryState.PENDING), T0.plusSeconds(300));

        assertEquals(List.of("msg_2"), store.pending().stream().map(OutboxMessage::id).toList());
        assertEquals(List.of("msg_2"), other.pickUp("b", OPS, T0.plusSeconds(2), T0.plusSeconds(22), 10)
                .stream().map(OutboxMessage::id).toList());
    }

    @Test
    void aRowAnotherPickerHoldsLockedIsSkippedNotWaitedFor() throws Exception {
        store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0),
                OutboxMessage.pending("msg_2", "ops", "service.down", "{}", T0)));
        try (Connection locker = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                settings.password().orElse(null)); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("select 1 from notification_outbox where message_id = 'msg_1' for update");

            assertEquals(List.of("msg_2"), other.pickUp("b", OPS, T0, T0.plusSeconds(20), 10)
                    .stream().map(OutboxMessage::id).toList());
            locker.rollback();
        }
    }

    @Test
    void aNodeIsWokenWhenAnotherStoresAMessage() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch told = new CountDownLatch(2);
        try (AutoCloseable watch = other.watch(() -> {
            connected.countDown();
            told.countDown();
        })) {
            assertTrue(connected.await(10, TimeUnit.SECONDS), "woken once listening");
            store.enqueue(List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0)));
            assertTrue(told.await(10, TimeUnit.SECONDS), "woken by the commit");
        }
    }

    private static DeliveryAttempt delivered(String id, int attempt, Instant at) {
        return new DeliveryAttempt(id, "ops", "service.down", attempt, at, OptionalInt.of(204), Duration.ofMillis(2),
                Optional.empty(), DeliveryState.DELIVERED);
    }
}
