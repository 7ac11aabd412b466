package dev.upwatch.notify;

import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process that dies between storing a notification and sending it: the next process on the same H2 file
 * delivers it exactly once, with the same {@code webhook-id}, and the one after sends nothing.
 */
class CrashRecoveryTest {
    static final String SECRET = "crash test secret";
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(40))
            .withCloseTimeout(Duration.ofSeconds(10));

    @TempDir
    Path directory;
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    static ChannelSettings channel(URI url) {
        return new ChannelSettings("hook", ChannelType.WEBHOOK, url, Optional.of(SECRET), EnumSet.allOf(EventType.class));
    }

    @Test
    void aMessageStoredBeforeACrashIsDeliveredOnceAfterTheRestartAndNeverAgain() throws Exception {
        receiver = Receiver.answeringOk();
        Path data = directory.resolve("data");

        Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                CrashingNotifier.class.getName(), data.toString(), receiver.url("/hook").toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("child.log").toFile())
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child process did not end");
        assertEquals(CrashingNotifier.EXIT_CODE, child.exitValue(), "the child should have halted after storing");
        assertEquals(0, receiver.requests().size(), "the child must not have sent anything");

        String storedId;
        try (Database database = Database.open(DatabaseSettings.embedded(data))) {
            List<OutboxMessage> pending = database.outboxStore().pending();
            assertEquals(1, pending.size(), "the crashed process stored one message");
            storedId = pending.getFirst().id();

            long restarted = System.nanoTime();
            try (var notifier = new WebhookNotifier(List.of(channel(receiver.url("/hook"))), Clock.systemUTC(),
                    Optional.empty(), FAST, database.outboxStore())) {
                var request = receiver.awaitRequest(Duration.ofSeconds(10));
                System.out.printf("CrashRecoveryTest: delivered %d ms after the restarted notifier was created%n",
                        Duration.ofNanos(request.arrivedNanos() - restarted).toMillis());
                assertEquals(storedId, request.header("webhook-id"));
                assertTrue(WebhookSigner.fromSecret(SECRET).verify(request.header("webhook-id"),
                        request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"),
                        java.time.Instant.now()));
                assertTrue(request.text().contains("\"type\":\"service.down\""), request.text());
            }
            assertEquals(List.of(), database.outboxStore().pending());
            var log = database.outboxStore().deliveries(10);
            assertEquals(1, log.size());
            assertEquals(DeliveryState.DELIVERED, log.getFirst().outcome());
        }

        try (Database database = Database.open(DatabaseSettings.embedded(data));
             var notifier = new WebhookNotifier(List.of(channel(receiver.url("/hook"))), Clock.systemUTC(),
                     Optional.empty(), FAST, database.outboxStore())) {
            assertEquals(new DeliveryCounts(0, 0, 0, 0), notifier.counts(), "nothing pending was resumed");
        } // closing waits for every delivery started
        assertEquals(1, receiver.requests().size(), "exactly one delivery over the crash and two restarts");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
