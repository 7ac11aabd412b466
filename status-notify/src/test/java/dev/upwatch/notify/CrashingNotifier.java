package dev.upwatch.notify;

import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The child process of {@link CrashRecoveryTest}: opens the H2 file outbox in {@code args[0]}, tells a notifier
 * with one signed webhook channel to {@code args[1]} of a DOWN change, and dies (exit code 137, no shutdown
 * hooks, nothing flushed) as soon as the message is stored, before any attempt to send it.
 */
final class CrashingNotifier {
    static final int EXIT_CODE = 137;

    private CrashingNotifier() {
    }

    public static void main(String[] args) {
        Database database = Database.open(DatabaseSettings.embedded(Path.of(args[0])));
        var outbox = new HaltingOutboxStore(database.outboxStore(), EXIT_CODE);
        var notifier = new WebhookNotifier(List.of(CrashRecoveryTest.channel(URI.create(args[1]))), Clock.systemUTC(),
                Optional.empty(), DeliveryPolicy.defaults(), outbox);
        notifier.statusChanged(Changes.down());
        throw new AssertionError("the outbox should have halted the JVM");
    }
}
