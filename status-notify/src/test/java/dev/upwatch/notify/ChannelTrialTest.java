package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A channel test: sent at once to a real receiver, outside the outbox, answered with what the receiver said. */
class ChannelTrialTest {

    @Test
    void theReceiversStatusAndAnswerComeBackAndNothingIsStored() throws Exception {
        try (Receiver receiver = Receiver.answering(new Receiver.Reply(200, Map.of(), new CountDownLatch(0), "ok"),
                new Receiver.Reply(403, Map.of(), new CountDownLatch(0), "invalid_token"))) {
            InMemoryOutboxStore outbox = new InMemoryOutboxStore();
            try (var notifier = new WebhookNotifier(List.of(ChannelSettings.of("chat", ChannelType.SLACK,
                    receiver.url("/chat"))), Clock.systemUTC(), Optional.empty(), DeliveryPolicy.defaults(), outbox)) {
                ChannelTrial accepted = notifier.test("chat").join();
                assertTrue(accepted.delivered());
                assertEquals("ok", accepted.answer());
                assertEquals(200, accepted.result().statusCode().getAsInt());
                assertTrue(receiver.requestsTo("/chat").getFirst().text().contains("Upwatch test notification"));

                ChannelTrial refused = notifier.test("chat").join();
                assertFalse(refused.delivered());
                assertEquals(403, refused.result().statusCode().getAsInt());
                assertEquals("invalid_token", refused.answer(), "what the receiver said, e.g. Slack's reason");
                assertTrue(refused.problem().orElseThrow().startsWith("HTTP 403"), refused.problem().toString());

                assertThrows(NoSuchElementException.class, () -> notifier.test("nothing"));
                assertEquals(List.of(), outbox.pending(), "a test is no fact: nothing is stored");
                assertEquals(List.of(), outbox.deliveries(10), "nor logged as a delivery");
            }
            assertEquals(2, receiver.requests().size(), "and nothing is retried");
        }
    }
}
