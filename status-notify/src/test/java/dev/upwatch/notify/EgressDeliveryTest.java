package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.probe.EgressPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks follow the egress policy: a refused address is never sent to, and is not retried. */
class EgressDeliveryTest {
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults()
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(40))
            .withAttemptTimeout(Duration.ofSeconds(5))
            .withCloseTimeout(Duration.ofSeconds(10));

    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aWebhookToARefusedAddressIsGivenUpWithoutConnecting() throws Exception {
        receiver = Receiver.answering(200);
        DeliveryCounts counts = deliverOne(EgressPolicy.denyPrivate(List.of()));
        assertEquals(new DeliveryCounts(0, 1, 0, 0), counts, "failed at once, no retries");
        assertTrue(receiver.requests().isEmpty(), "the receiver on 127.0.0.1 was contacted");
    }

    @Test
    void anAllowedAddressIsDelivered() throws Exception {
        receiver = Receiver.answering(200);
        assertEquals(new DeliveryCounts(1, 0, 0, 0), deliverOne(EgressPolicy.denyPrivate(List.of(Cidr.parse("127.0.0.0/8")))));
        assertEquals(1, receiver.requests().size());
    }

    private DeliveryCounts deliverOne(EgressPolicy egress) {
        ChannelSettings channel = new ChannelSettings("hook", ChannelType.WEBHOOK, receiver.url("/hook"), Optional.empty(),
                EnumSet.allOf(EventType.class));
        var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST,
                new InMemoryOutboxStore(), egress);
        notifier.statusChanged(Changes.down());
        notifier.close();
        return notifier.counts();
    }
}
