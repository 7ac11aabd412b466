package dev.upwatch.web;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.ForwardingOutboxStore;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link StatusChangeCrashTest}: the real application, its stores wrapped so that it dies like
 * {@code kill -9} ({@link Runtime#halt}: no shutdown hooks, nothing flushed) at one point between a DOWN verdict and
 * the delivery of its notifications. Arguments: the configuration file and the halt point. Standard input takes
 * {@code halt} (die now: the test holds a delivery at the receiver) and {@code stop} (close normally).
 */
final class CrashingUpwatch {
    static final int HALTED = 137;

    /** Where the process dies. */
    enum Point {
        /** Never: the restarted process. */
        NONE,
        /** The DOWN is decided (its deciding sample already stored), its transaction not committed. */
        BEFORE_COMMIT,
        /** The DOWN, its incident and its outbox messages are committed; no attempt has started. */
        AFTER_COMMIT,
        /** A delivery is at the receiver, unanswered (the test says when, on standard input). */
        DURING_DELIVERY,
        /** A receiver accepted the service.down; that is not recorded yet. */
        AFTER_DELIVERY
    }

    private CrashingUpwatch() {
    }

    public static void main(String[] args) throws Exception {
        Point point = Point.valueOf(args[1]);
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(CrashingUpwatch.class.getClassLoader()), System.getenv())
                .load(Path.of(args[0]));
        Module modules = Modules.override(UpwatchApplication.modules(config, Clock.systemUTC(), EngineSettings.defaults()))
                .with(new HaltingStores(point));
        UpwatchApplication application = UpwatchApplication.start(List.of(modules));
        System.out.println("CHILD serving " + application.baseUri());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            if (line.equals("halt")) {
                halt("halted by the test during a delivery");
            } else if (line.equals("stop")) {
                application.close();
                System.out.println("CHILD stopped");
                System.exit(0);
            }
        }
    }

    static void halt(String why) {
        System.out.println("CHILD " + why);
        System.out.flush();
        Runtime.getRuntime().halt(HALTED);
    }

    /** The real stores, wrapped: samples remember what was written, transitions and the outbox halt at the point. */
    private static final class HaltingStores extends AbstractModule {
        private final Point point;
        /** Monitor id and start of every sample the store has written (durably: the append returned). */
        private final Set<String> written = ConcurrentHashMap.newKeySet();

        HaltingStores(Point point) {
            this.point = point;
        }

        @Provides
        @Singleton
        SampleStore samples(Database database) {
            SampleStore store = database.sampleStore();
            return new SampleStore() {
                @Override
                public void append(List<Sample> samples) {
                    store.append(samples);
                    samples.forEach(sample -> written.add(sample.monitorId().value() + "@" + sample.startedAt()));
                }

                @Override
                public List<Sample> recent(MonitorId monitorId, int limit) {
                    return store.recent(monitorId, limit);
                }

                @Override
                public List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
                    return store.between(monitorId, from, to, limit);
                }
            };
        }

        @Provides
        @Singleton
        TransitionStore transitions(Database database) {
            TransitionStore store = database.transitionStore();
            return new TransitionStore() {
                /** True once the monitor was committed UP: the halt is for an up -> down. */
                private volatile boolean wasUp;

                @Override
                public void commit(Transition transition) {
                    boolean down = wasUp && transition.status().map(s -> s.status() == Status.DOWN).orElse(false)
                            && !transition.messages().isEmpty();
                    wasUp |= transition.status().map(s -> s.status() == Status.UP).orElse(false);
                    if (down && point == Point.BEFORE_COMMIT) {
                        awaitWritten(transition.status().orElseThrow());
                        halt("halted before committing the DOWN");
                    }
                    store.commit(transition);
                    if (down && point == Point.AFTER_COMMIT) {
                        awaitWritten(transition.status().orElseThrow());
                        halt("halted after committing the DOWN, before any delivery");
                    }
                }

                @Override
                public List<CommittedStatus> statuses() {
                    return store.statuses();
                }
            };
        }

        /**
         * Waits (at most 10 s) until the sample that decided {@code status} is stored, so that the restart finds the
         * failure in the samples: the case where replaying them could swallow a DOWN that was never committed.
         */
        private void awaitWritten(CommittedStatus status) {
            String key = status.monitor().value() + "@" + status.since();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!written.contains(key) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("CHILD deciding sample stored: " + written.contains(key));
        }

        @Provides
        @Singleton
        OutboxStore outbox(Database database) {
            return new ForwardingOutboxStore(database.outboxStore()) {
                @Override
                public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
                    if (point == Point.AFTER_DELIVERY && attempt.eventType().equals("service.down")
                            && attempt.outcome() == DeliveryState.DELIVERED) {
                        halt("halted after channel " + attempt.channel() + " accepted the service.down, before recording it");
                    }
                    super.recordAttempt(attempt, nextAttemptAt);
                }
            };
        }
    }
}
