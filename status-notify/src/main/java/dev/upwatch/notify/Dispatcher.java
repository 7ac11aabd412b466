package dev.upwatch.notify;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.notify.email.SmtpTransport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The outbox state machine: each message is stored before its first attempt and every attempt is recorded with the
 * message's new state, so a restart ({@link #resume()}) sends what is pending and never what was delivered. Per channel
 * and subject messages go in the order they were stored ({@link Lanes}); an attempt claims its message in the outbox
 * first, so that a relay sends only what it holds. A timer waits out the attempt delays and the channels' send slots,
 * a small pool starts each attempt, and the channel's {@link Transport} (HTTP or SMTP) carries it and judges the
 * answer; this class only turns each {@link AttemptResult} into the message's next state: delivered, retried (at least
 * as late as the receiver asked), superseded by a newer message, given up, or given up with the channel disabled (410).
 */
final class Dispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    /** A receiver asking to wait longer than this gets no retry: a status alert that late is of little use. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(12);
    /** After the first drop, one warning per this many drops, so a full queue does not flood the log. */
    private static final long DROP_WARNING_EVERY = 100;
    /** An SMTP claim lasts this much beyond an attempt's deadline (SMTP's deadline is per connect, read and write). */
    private static final Duration CLAIM_MARGIN = Duration.ofMinutes(1);
    /**
     * An HTTP claim lasts this much beyond an attempt's deadline (HTTP's deadline is the whole attempt's): room for
     * the clocks of two nodes to differ, since a claim's end is written by one node's clock and read by another's.
     */
    private static final Duration HTTP_CLAIM_MARGIN = Duration.ofSeconds(10);
    /**
     * Shared outbox: how often a relay looks for messages no live node delivers even when nothing woke it (a claim
     * that lapsed because its node died notifies nobody; nor does a lost notification).
     */
    static final Duration PICK_UP_EVERY = Duration.ofSeconds(10);
    /**
     * Shared outbox: when a claim cannot be asked for (the database is out of reach) the attempt waits this long and
     * asks again; it never sends unclaimed, since another node may hold the message.
     */
    static final Duration CLAIM_RETRY = Duration.ofSeconds(2);
    /** Shared outbox: most messages taken over in one pick-up; a full one is followed by another at once. */
    private static final int PICK_UP_LIMIT = 100;

    private final Clock clock;
    private final DeliveryPolicy policy;
    private final OutboxStore outbox;
    private final DeliveryTimer timer;
    /**
     * Who claims messages in the outbox: this node ({@code local} alone, the node's id in a cluster). A node
     * restarted after a crash takes its own claims over at once (the process that held them is gone); another node
     * waits for them to lapse.
     */
    private final String relay;
    /** The outbox rows this dispatcher holds in its lanes, as {@code message id + "\n" + channel}. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** True while a pick-up is queued on the pool, so that a burst of wake-ups is one pick-up. */
    private final AtomicBoolean pickUpQueued = new AtomicBoolean();
    /** Stops the shared outbox's wake-ups; a no-op alone. */
    private volatile AutoCloseable watch = () -> { };
    private final AtomicLong pickedUpCount = new AtomicLong();
    /** The channels in force by id; replaced whole by {@link #replaceChannels}. */
    private volatile Map<String, Channel> channels;
    private final ExecutorService starter;
    private final Transport http;
    private final Transport smtp;
    private final Lanes lanes = new Lanes();
    private final AtomicInteger reserved = new AtomicInteger();
    private final Set<Delivery> live = ConcurrentHashMap.newKeySet();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    /** Per channel: the {@link DeliveryTimer#nanoTime()} before which no request may start (rate limit, Retry-After). */
    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final Object drained = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong deliveredCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong droppedCount = new AtomicLong();

    /** Which channel ids this dispatcher delivers; another dispatcher on the same outbox delivers the rest. */
    private final Predicate<String> owns;

    Dispatcher(Clock clock, DeliveryPolicy policy, OutboxStore outbox, Map<String, Channel> channels, DeliveryTimer timer,
               EgressPolicy egress) {
        this(clock, policy, outbox, channels, timer, egress, id -> !SubscriberNotifier.isSubscriberChannel(id));
    }

    /** A dispatcher that resumes only the pending messages of the channels {@code owns} accepts. */
    Dispatcher(Clock clock, DeliveryPolicy policy, OutboxStore outbox, Map<String, Channel> channels, DeliveryTimer timer,
               EgressPolicy egress, Predicate<String> owns) {
        this.owns = owns;
        this.clock = clock;
        this.policy = policy;
        this.outbox = outbox;
        this.relay = outbox.relay();
        this.timer = timer;
        this.channels = Map.copyOf(channels);
        this.starter = Executors.newCachedThreadPool(Thread.ofPlatform().name("upwatch-notify-", 1).daemon().factory());
        this.http = new HttpTransport(clock, policy.attemptTimeout(), starter, egress);
        this.smtp = new SmtpTransport(policy.attemptTimeout());
        markDisabled(this.channels.values());
    }

    /**
     * Marks those of {@code candidates} disabled whose current URL the outbox records as answering 410 Gone; returns
     * their ids.
     */
    private Set<String> markDisabled(Collection<Channel> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        List<DisabledChannel> gone = outbox.disabledChannels();
        Set<String> marked = new HashSet<>();
        for (Channel channel : candidates) {
            gone.stream().filter(d -> d.channel().equals(channel.id())
                            && d.urlFingerprint().equals(channel.urlFingerprint())).findFirst()
                    .ifPresent(d -> {
                        disabled.add(channel.id());
                        marked.add(channel.id());
                        LOG.log(System.Logger.Level.WARNING, channel.describe() + " is disabled since " + d.at() + " ("
                                + d.reason() + "); nothing is sent to it until its url changes");
                    });
        }
        return marked;
    }

    /**
     * Puts {@code next} in force: a channel object that stays (its settings did not change) keeps its disabled mark
     * and send slot; any other starts afresh, disabled only when the outbox records its current URL as gone.
     * Deliveries waiting for a removed or changed channel pick up the change at their next attempt.
     */
    void replaceChannels(Map<String, Channel> next) {
        Map<String, Channel> before = channels;
        List<Channel> fresh = new ArrayList<>();
        for (Channel channel : next.values()) {
            if (before.get(channel.id()) != channel) {
                fresh.add(channel);
            }
        }
        Set<String> stillGone = markDisabled(fresh); // first, so that no message slips through in between
        for (Channel old : before.values()) {
            if (next.get(old.id()) != old) {
                if (!stillGone.contains(old.id())) {
                    disabled.remove(old.id());
                }
                nextSlot.remove(old.id());
            }
        }
        channels = Map.copyOf(next);
    }

    /**
     * Queues every pending message of the outbox in its lane, in the order they were stored, each due at its stored
     * next-attempt time; call once, at start-up. Claims in the outbox are not waited for: at start-up they can only be
     * a dead process's.
     */
    void resume() {
        Set<String> unknown = new LinkedHashSet<>();
        int resumed = 0;
        for (OutboxMessage message : outbox.pending()) {
            if (!owns.test(message.channel())) {
                continue;
            }
            Channel channel = channels.get(message.channel());
            if (channel == null) {
                unknown.add(message.channel());
                continue;
            }
            if (disabled.contains(channel.id())) {
                continue;
            }
            reserved.incrementAndGet();
            enqueue(new Delivery(channel, message.id(), message.eventType(), message.subject(),
                    message.body().getBytes(StandardCharsets.UTF_8), true, message.attempts(), message.nextAttemptAt()));
            resumed++;
        }
        if (resumed > 0) {
            LOG.log(System.Logger.Level.INFO, "resuming " + resumed + " undelivered notification"
                    + (resumed == 1 ? "" : "s") + " from the outbox");
        }
        if (!unknown.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "the outbox holds undelivered notifications for channels no longer "
                    + "configured, kept until they are configured again: " + unknown);
        }
        if (outbox.shared()) {
            watch = outbox.watch(this::wake);
            schedulePickUps();
        }
    }

    /**
     * Shared outbox: picks up soon the messages no live node delivers (another node stored them, or died holding
     * them). Called when the outbox signals a change; a burst of calls is one pick-up.
     */
    void wake() {
        if (closed.get() || !pickUpQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            starter.execute(this::pickUp);
        } catch (RejectedExecutionException e) {
            pickUpQueued.set(false);
        }
    }

    /** The safety net under the wake-ups: a pick-up every {@link #PICK_UP_EVERY}. */
    private void schedulePickUps() {
        try {
            timer.schedule(() -> {
                wake();
                schedulePickUps();
            }, PICK_UP_EVERY);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /**
     * Claims the due messages of this dispatcher's channels that no live node holds (the store skips rows another
     * node is picking at the same moment) and queues them in their lanes; the attempt claims each again, so a
     * message another node took meanwhile is not sent twice.
     */
    private void pickUp() {
        pickUpQueued.set(false);
        Map<String, Channel> now = channels;
        Set<String> mine = new HashSet<>();
        for (String id : now.keySet()) {
            if (owns.test(id) && !disabled.contains(id)) {
                mine.add(id);
            }
        }
        int room = Math.min(PICK_UP_LIMIT, policy.queueCapacity() - reserved.get());
        if (mine.isEmpty() || room <= 0 || closed.get()) {
            return;
        }
        Instant at = clock.instant();
        List<OutboxMessage> picked;
        try {
            picked = outbox.pickUp(relay, mine, at, at.plus(policy.attemptTimeout()).plus(HTTP_CLAIM_MARGIN), room);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot pick up undelivered notifications from the outbox: " + e);
            return;
        }
        for (OutboxMessage message : picked) {
            Channel channel = now.get(message.channel());
            if (channel == null || held.contains(key(message.id(), message.channel()))) {
                continue; // already in a lane here: its attempt claims it again
            }
            reserved.incrementAndGet();
            pickedUpCount.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> "picked up " + Delivery.label(message.eventType(), message.id())
                    + " for " + channel.describe() + " from the outbox");
            enqueue(new Delivery(channel, message.id(), message.eventType(), message.subject(),
                    message.body().getBytes(StandardCharsets.UTF_8), true, message.attempts(), message.nextAttemptAt()));
        }
        if (picked.size() == room && room == PICK_UP_LIMIT) {
            wake(); // there may be more
        }
    }

    /** Messages this dispatcher took over from the shared outbox (committed by another node, or left by a dead one). */
    long pickedUp() {
        return pickedUpCount.get();
    }

    private static String key(String messageId, String channel) {
        return messageId + "\n" + channel;
    }

    /**
     * Revives the given-up message {@code messageId} of {@code channelId} in the outbox and queues it at the end of
     * its lane, due now, as {@link #resume} queues a pending one: a person's replay. False when the channel is not in
     * force here or disabled, or there is no such dead message.
     */
    boolean replay(String channelId, String messageId) {
        Channel channel = channels.get(channelId);
        if (channel == null || disabled.contains(channelId) || !owns.test(channelId)) {
            return false;
        }
        Optional<OutboxMessage> revived = outbox.revive(messageId, channelId, clock.instant());
        if (revived.isEmpty()) {
            return false;
        }
        OutboxMessage message = revived.get();
        reserved.incrementAndGet();
        enqueue(new Delivery(channel, message.id(), message.eventType(), message.subject(),
                message.body().getBytes(StandardCharsets.UTF_8), true, message.attempts(), message.nextAttemptAt()));
        return true;
    }

    /**
     * The message of {@code event} for each of {@code targets}, rendered for its channel, as outbox values to commit;
     * each holds a place in the queue until it is {@linkplain #start started} or {@linkplain #release released}.
     * Messages beyond the queue capacity, for disabled channels or after close are dropped (counted, not returned).
     * A status event's subject is its monitor: its channel gets the monitor's events in order.
     */
    List<OutboxMessage> prepare(List<Channel> targets, Event event) {
        return prepare(targets, event.id(), event.wireName(), "service:" + event.monitor().id().value(),
                channel -> channel.render(event));
    }

    /** The messages of an incident notice for each of {@code targets}, like {@link #prepare(List, Event)}. */
    List<OutboxMessage> prepare(List<Channel> targets, IncidentNotice notice) {
        return prepare(targets, notice.id(), notice.wireName(), "incident:" + notice.incident().id().value(),
                channel -> channel.format().renderIncident(notice));
    }

    /** The messages of a certificate warning for each of {@code targets}, like {@link #prepare(List, Event)}. */
    List<OutboxMessage> prepare(List<Channel> targets, CertificateNotice notice) {
        return prepare(targets, notice.id(), notice.wireName(), "certificate:" + notice.monitor().id().value(),
                channel -> channel.format().renderCertificate(notice));
    }

    /** The message {@code render} makes for each of {@code targets}, like {@link #prepare(List, Event)}. */
    List<OutboxMessage> prepare(List<Channel> targets, String messageId, String eventType, String subject,
                                Function<Channel, byte[]> render) {
        String label = Delivery.label(eventType, messageId);
        Instant now = clock.instant();
        List<OutboxMessage> accepted = new ArrayList<>();
        for (Channel channel : targets) {
            if (closed.get()) {
                drop(channel, label, "the notifier is closed");
            } else if (disabled.contains(channel.id())) {
                drop(channel, label, "the channel is disabled (its endpoint answered 410 Gone)");
            } else if (reserved.incrementAndGet() > policy.queueCapacity()) {
                reserved.decrementAndGet();
                drop(channel, label, policy.queueCapacity() + " notifications are already pending");
            } else {
                accepted.add(OutboxMessage.pending(messageId, channel.id(), eventType, Optional.of(subject),
                        new String(render.apply(channel), StandardCharsets.UTF_8), now));
                // Held from now on: once committed, this node's own pick-up must not queue it a second time.
                held.add(key(messageId, channel.id()));
            }
        }
        return accepted;
    }

    /**
     * Stores prepared messages in the outbox in one write, then starts them; never waits for the network. When the
     * store fails they are sent without a durable record (a crash before delivery would then lose them).
     */
    void submit(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        boolean stored;
        try {
            outbox.enqueue(messages);
            stored = true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot store " + Delivery.label(messages.getFirst().eventType(),
                    messages.getFirst().id()) + " in the outbox; sending it without a durable record", e);
            stored = false;
        }
        start(messages, stored);
    }

    /** Queues prepared messages in their lanes, which are in the outbox ({@code stored}) or could not be. */
    void start(List<OutboxMessage> messages, boolean stored) {
        Map<String, Channel> now = channels;
        for (OutboxMessage message : messages) {
            Channel channel = now.get(message.channel());
            if (channel == null) {
                // Removed between planning and commit: given up like a pending message of a deleted channel.
                if (stored) {
                    Instant at = clock.instant();
                    recordQuietly(new DeliveryAttempt(message.id(), message.channel(), message.eventType(), 1, at,
                            OptionalInt.empty(), Duration.ZERO, Optional.of("channel '" + message.channel()
                            + "' was deleted; not sent"), DeliveryState.DEAD), at);
                }
                failedCount.incrementAndGet();
                reserved.decrementAndGet();
                held.remove(key(message.id(), message.channel()));
                continue;
            }
            enqueue(new Delivery(channel, message.id(), message.eventType(), message.subject(),
                    message.body().getBytes(StandardCharsets.UTF_8), stored, 0,
                    clock.instant().plus(policy.attemptDelays().getFirst())));
        }
    }

    /** Frees the places of prepared messages that will not be sent (their fact was refused). */
    void release(List<OutboxMessage> messages) {
        reserved.addAndGet(-messages.size());
        messages.forEach(message -> held.remove(key(message.id(), message.channel())));
    }

    DeliveryCounts counts() {
        return new DeliveryCounts(deliveredCount.get(), failedCount.get(), droppedCount.get(), live.size());
    }

    private void drop(Channel channel, String label, String why) {
        long dropped = droppedCount.incrementAndGet();
        if (dropped == 1 || dropped % DROP_WARNING_EVERY == 0) {
            LOG.log(System.Logger.Level.WARNING, "dropped " + label + " for "
                    + channel.describe() + ": " + why + " (" + dropped + " dropped so far)");
        }
    }

    /** Puts a delivery at the end of its lane: older ones waiting for a retry are superseded by it. */
    private void enqueue(Delivery delivery) {
        live.add(delivery);
        held.add(key(delivery.messageId, delivery.channel.id()));
        Lanes.Admission admission = lanes.add(delivery);
        for (Delivery older : admission.superseded()) {
            Instant at = clock.instant();
            record(older, new Try(older.attempts + 1, at, System.nanoTime()), OptionalInt.empty(),
                    Optional.of("superseded by the newer " + delivery.label() + "; not sent"), DeliveryState.DEAD, at);
            finish(older, false, null);
        }
        admission.first().ifPresent(this::scheduleWhenDue);
    }

    /** Schedules the first attempt of a delivery that just became first in its lane, at its due time. */
    private void scheduleWhenDue(Delivery delivery) {
        Duration wait = Duration.between(clock.instant(), delivery.notBefore);
        schedule(delivery, wait.isNegative() ? Duration.ZERO : wait);
    }

    private void schedule(Delivery delivery, Duration delay) {
        try {
            timer.schedule(() -> start(delivery), delay);
        } catch (RejectedExecutionException e) {
            finish(delivery, false, "abandoned: the notifier closed");
        }
    }

    /** Hands the attempt to the pool, so that a slow DNS lookup in the client never holds up the timer. */
    private void start(Delivery delivery) {
        try {
            starter.execute(() -> attempt(delivery));
        } catch (RejectedExecutionException e) {
            finish(delivery, false, "abandoned: the notifier closed");
        }
    }

    private void attempt(Delivery delivery) {
        if (!lanes.begin(delivery)) {
            return; // superseded or abandoned while it waited
        }
        Channel now = channels.get(delivery.channel.id());
        if (now != delivery.channel) {
            Optional<String> gone = now == null ? Optional.of("channel '" + delivery.channel.id() + "' was deleted; not sent")
                    : now.settings().type() != delivery.channel.settings().type()
                    ? Optional.of("channel '" + now.id() + "' changed its type; not sent") : Optional.empty();
            if (gone.isPresent()) {
                Instant at = clock.instant();
                record(delivery, new Try(delivery.attempts + 1, at, System.nanoTime()), OptionalInt.empty(), gone,
                        DeliveryState.DEAD, at);
                finish(delivery, false, null);
                return;
            }
            delivery.channel = now; // changed settings: this attempt goes where the channel points now
            delivery.slotTaken = false;
        }
        if (disabled.contains(delivery.channel.id())) {
            finish(delivery, false, null); // the outbox gave it up when the channel was disabled
            return;
        }
        if (!delivery.slotTaken) {
            Duration wait = takeSlot(delivery.channel);
            if (!wait.isZero()) {
                delivery.slotTaken = true;
                lanes.pause(delivery);
                schedule(delivery, wait);
                return;
            }
        }
        delivery.slotTaken = false;
        Claim claim = claim(delivery);
        if (claim == Claim.UNKNOWN) {
            lanes.pause(delivery); // still first in its lane: asked again, never sent unclaimed
            schedule(delivery, CLAIM_RETRY);
            return;
        }
        if (claim == Claim.REFUSED) {
            finish(delivery, false, null); // no longer pending in the outbox, or another relay holds it
            return;
        }
        int number = ++delivery.attempts;
        Instant at = clock.instant();
        Try attempt = new Try(number, at, System.nanoTime());
        Transport transport = delivery.channel.provider().carrier() == ChannelProvider.Carrier.SMTP ? smtp : http;
        CompletableFuture<AttemptResult> sent;
        try {
            sent = transport.send(new Attempt(delivery.channel.provider(), delivery.messageId, delivery.body, number, at));
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(new AttemptResult.Dead(OptionalInt.empty(), e.toString()));
        }
        sent.whenComplete((result, error) -> answered(delivery, attempt, error == null ? result
                : new AttemptResult.RetryAfter(OptionalInt.empty(), Transport.describe(error, policy.attemptTimeout()),
                Optional.empty())));
    }

    /**
     * Sends {@code body} to {@code channel} once, now, outside the outbox (a test: nothing is stored or retried), through
     * the channel's transport and so under the egress policy.
     */
    CompletableFuture<Transport.Answered> trial(Channel channel, String messageId, byte[] body) {
        Transport transport = channel.provider().carrier() == ChannelProvider.Carrier.SMTP ? smtp : http;
        try {
            return transport.trial(new Attempt(channel.provider(), messageId, body, 1, clock.instant()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Transport.Answered(
                    new AttemptResult.Dead(OptionalInt.empty(), e.toString()), ""));
        }
    }

    /** What asking the outbox for an attempt's claim gave. */
    private enum Claim {
        /** Held by this relay for the attempt (or not stored, or alone with a store out of reach): send. */
        HELD,
        /** Not pending any more, or another relay holds it: never sent from here. */
        REFUSED,
        /** Shared, and the store could not be asked: another node may hold it, so ask again later. */
        UNKNOWN
    }

    /**
     * Claims a stored message for this attempt (one conditional update). Alone, a store that cannot be reached does
     * not stop the attempt, as when the message could not be stored: no other process sends it. Shared, it does: the
     * message may be another node's, and sending it unclaimed would send it twice.
     */
    private Claim claim(Delivery delivery) {
        if (!delivery.stored) {
            return Claim.HELD;
        }
        Instant now = clock.instant();
        Duration margin = delivery.channel.provider().carrier() == ChannelProvider.Carrier.SMTP
                ? CLAIM_MARGIN : HTTP_CLAIM_MARGIN;
        try {
            return outbox.claim(delivery.messageId, delivery.channel.id(), relay, now,
                    now.plus(policy.attemptTimeout()).plus(margin)) ? Claim.HELD : Claim.REFUSED;
        } catch (RuntimeException e) {
            if (outbox.shared()) {
                LOG.log(System.Logger.Level.WARNING, "cannot claim " + delivery.label() + " in the shared outbox; "
                        + "asking again in " + DurationText.format(CLAIM_RETRY) + ", not sending it unclaimed: " + e);
                return Claim.UNKNOWN;
            }
            LOG.log(System.Logger.Level.WARNING, "cannot claim " + delivery.label() + " in the outbox; sending it "
                    + "regardless: " + e);
            return Claim.HELD;
        }
    }

    /**
     * Reserves the channel's next send slot: its minimum interval after the previous one, and not before a
     * {@code Retry-After} it was given. Channels of one pace group share their slots (the subscribers' rate bound). Returns how long to wait for the slot (zero: send now).
     */
    private Duration takeSlot(Channel channel) {
        long gap = channel.minInterval().toNanos();
        long now = timer.nanoTime();
        long[] slot = new long[1];
        nextSlot.compute(channel.provider().paceGroup().orElse(channel.id()), (id, next) -> {
            slot[0] = next == null || next - now < 0 ? now : next;
            return slot[0] + gap;
        });
        return Duration.ofNanos(slot[0] - now);
    }

    /** No request to {@code channel} starts before {@code wait} from now. */
    private void holdChannel(Channel channel, Duration wait) {
        long until = timer.nanoTime() + wait.toNanos();
        nextSlot.merge(channel.id(), until, (old, candidate) -> old - candidate < 0 ? candidate : old);
    }

    /** Moves the message on by what its attempt's result means: done, given up, or retried. */
    private void answered(Delivery delivery, Try attempt, AttemptResult result) {
        switch (result) {
            case AttemptResult.Delivered delivered -> {
                LOG.log(System.Logger.Level.DEBUG, () -> "delivered " + delivery.label() + " to "
                        + delivery.channel.describe() + " on attempt " + attempt.number + " (status "
                        + delivered.statusCode().orElse(0) + ")");
                record(delivery, attempt, delivered.statusCode(), Optional.empty(), DeliveryState.DELIVERED, clock.instant());
                finish(delivery, true, null);
            }
            case AttemptResult.Gone gone -> {
                record(delivery, attempt, gone.statusCode(), Optional.of(gone.problem()), DeliveryState.DEAD, clock.instant());
                disable(delivery.channel, attempt.at);
                finish(delivery, false, gone.problem());
            }
            case AttemptResult.Dead dead -> {
                record(delivery, attempt, dead.statusCode(), Optional.of(dead.problem()), DeliveryState.DEAD, clock.instant());
                finish(delivery, false, dead.problem());
            }
            case AttemptResult.RetryAfter retry ->
                    retryOrGiveUp(delivery, attempt, retry.statusCode(), retry.problem(), retry.after());
        }
    }

    private void retryOrGiveUp(Delivery delivery, Try attempt, OptionalInt code, String problem,
                               Optional<Duration> retryAfter) {
        int number = attempt.number;
        if (number >= policy.attempts()) {
            String why = "gave up after " + number + " attempt" + (number == 1 ? "" : "s") + ", last: " + problem;
            record(delivery, attempt, code, Optional.of(why), DeliveryState.DEAD, clock.instant());
            finish(delivery, false, why);
            return;
        }
        Duration delay = jittered(policy.attemptDelays().get(number));
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(LONGEST_RETRY_AFTER) > 0) {
                String why = problem + " asking to retry after " + DurationText.format(retryAfter.get())
                        + ", longer than the " + DurationText.format(LONGEST_RETRY_AFTER) + " a notification is kept";
                record(delivery, attempt, code, Optional.of(why), DeliveryState.DEAD, clock.instant());
                finish(delivery, false, why);
                return;
            }
            holdChannel(delivery.channel, retryAfter.get());
            if (retryAfter.get().compareTo(delay) > 0) {
                delay = retryAfter.get();
            }
        }
        Optional<Delivery> newer = lanes.supersedeAfterFailure(delivery);
        if (newer.isPresent()) {
            // A newer message of the same channel and subject waits: it is sent instead, this one never again.
            record(delivery, attempt, code, Optional.of(problem + "; superseded by the newer " + newer.get().label()
                    + ", not retried"), DeliveryState.DEAD, clock.instant());
            finishOutOfLane(delivery, false, null);
            scheduleWhenDue(newer.get());
            return;
        }
        Duration wait = delay;
        delivery.notBefore = clock.instant().plus(wait);
        record(delivery, attempt, code, Optional.of(problem), DeliveryState.PENDING, delivery.notBefore);
        LOG.log(System.Logger.Level.INFO, () -> "attempt " + number + " of " + policy.attempts() + " to send "
                + delivery.label() + " to " + delivery.channel.describe() + " failed (" + problem
                + "); retrying in " + DurationText.format(wait));
        schedule(delivery, wait);
    }

    private Duration jittered(Duration delay) {
        if (delay.isZero() || policy.jitter() == 0) {
            return delay;
        }
        double factor = 1 + policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofNanos((long) (delay.toNanos() * factor));
    }

    /** Appends the attempt to the delivery log and moves the stored message on; a storage failure is logged only. */
    private void record(Delivery delivery, Try attempt, OptionalInt code, Optional<String> error, DeliveryState outcome,
                        Instant next) {
        if (!delivery.stored) {
            return;
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - attempt.startedNanos);
        recordQuietly(new DeliveryAttempt(delivery.messageId, delivery.channel.id(), delivery.eventType,
                attempt.number, attempt.at, code, latency, error, outcome), next);
    }

    /** Appends an attempt to the delivery log and moves its message on; a storage failure is logged only. */
    private void recordQuietly(DeliveryAttempt attempt, Instant next) {
        try {
            outbox.recordAttempt(attempt, next);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot record attempt " + attempt.attempt() + " of "
                    + Delivery.label(attempt.eventType(), attempt.messageId()) + " to channel '" + attempt.channel()
                    + "' in the outbox", e);
        }
    }

    private void disable(Channel channel, Instant at) {
        if (!disabled.add(channel.id())) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, channel.describe() + " answered 410 Gone: disabled, nothing more is sent "
                + "to it until its url changes");
        try {
            outbox.disable(new DisabledChannel(channel.id(), channel.urlFingerprint(), at, "HTTP 410 Gone"));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot record that " + channel.describe() + " is disabled", e);
        }
    }

    /** Ends a delivery and starts the next message of its lane. */
    private void finish(Delivery delivery, boolean delivered, String problem) {
        Optional<Delivery> next = lanes.finish(delivery);
        finishOutOfLane(delivery, delivered, problem);
        next.ifPresent(this::scheduleWhenDue);
    }

    /** Ends a delivery already out of its lane once: counts it, logs a failure (when given) and frees its place. */
    private void finishOutOfLane(Delivery delivery, boolean delivered, String problem) {
        if (!live.remove(delivery)) {
            return; // already abandoned by close()
        }
        held.remove(key(delivery.messageId, delivery.channel.id()));
        if (delivered) {
            deliveredCount.incrementAndGet();
        } else {
            failedCount.incrementAndGet();
            if (problem != null) {
                LOG.log(System.Logger.Level.WARNING, "could not send " + delivery.label() + " to "
                        + delivery.channel.describe() + ": " + problem);
            }
        }
        reserved.decrementAndGet();
        if (live.isEmpty()) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /**
     * Waits up to the close timeout for pending notifications, then abandons the rest and stops every thread.
     * Abandoned messages stay pending in the outbox and are sent after the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + policy.closeTimeout().toNanos();
        synchronized (drained) {
            try {
                long left;
                while (!live.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            watch.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "cannot stop the outbox wake-ups: " + e);
        }
        lanes.abandonAll();
        int abandoned = 0;
        for (Delivery delivery : live) {
            if (live.remove(delivery)) {
                abandoned++;
                failedCount.incrementAndGet();
            }
        }
        if (abandoned > 0) {
            LOG.log(System.Logger.Level.WARNING, "closing with " + abandoned + " notification" + (abandoned == 1 ? "" : "s")
                    + " undelivered after waiting " + DurationText.format(policy.closeTimeout())
                    + "; the outbox keeps them for the next start");
        }
        timer.close();
        http.close();
        smtp.close();
        starter.shutdownNow();
    }

    /** One attempt in flight: its number (1 for the first), wall-clock start and monotonic start. */
    private record Try(int number, Instant at, long startedNanos) {
    }
}
