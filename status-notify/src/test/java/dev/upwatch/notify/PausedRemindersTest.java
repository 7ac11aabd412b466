package dev.upwatch.notify;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A paused monitor is reminded of no more: its reminder timers are cancelled, so none can fire. */
class PausedRemindersTest {

    @Test
    void pausingADownMonitorCancelsItsReminders() throws Exception {
        try (Receiver receiver = Receiver.answeringOk();
             var notifier = new WebhookNotifier(List.of(ChannelSettings.of("hook", ChannelType.WEBHOOK,
                     receiver.url("/hook")).withRemindEvery(Duration.ofMinutes(30))), Clock.systemUTC(),
                     Optional.empty(), DeliveryPolicy.defaults())) {
            notifier.statusChanged(Changes.down());
            assertTrue(notifier.reminding(Changes.API.id()));
            notifier.certificates().paused(Changes.API); // the engine's view of the notifier, as the engine tells it
            assertFalse(notifier.reminding(Changes.API.id()));
        }
    }
}
