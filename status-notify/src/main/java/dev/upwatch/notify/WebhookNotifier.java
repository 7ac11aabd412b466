package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.probe.EgressPolicy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends status changes, incidents and expiring certificates to webhook, Slack, Discord and other channels on its
 * own threads, with Standard Webhooks signing, retries and an outbox: each message is stored before it is sent, so
 * that it survives a crash and is never sent twice. See {@link DeliveryPolicy} for attempts, timeouts and the queue,
 * and {@link EventType#of} for which changes notify.
 *
 * <p>Two ways to use it. In the engine it is a {@link NotificationPlanner}: {@link #plan} renders the messages of a
 * change and its incident events as values, the core commits them with the change in one transaction
 * ({@code TransitionJournal}), and {@link #committed} starts their delivery; its {@link #certificates()} view watches
 * the checks. Alone (embedding, tests) it is a {@link Notifier} and {@link IncidentListener}: {@link #statusChanged}
 * and {@link #incidentChanged} plan, store and start in one call. Either way it never waits for the network.
 */
public final class WebhookNotifier implements Notifier, IncidentListener, NotificationPlanner, AutoCloseable {
    /** The channels in force, replaced whole by {@link #replaceChannels}; read once per event. */
    private volatile List<Channel> channels;
    private final Optional<URI> publicBaseUrl;
    /** Delivered and given-up messages, and delivery log entries, are kept this long. */
    static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration PRUNE_EVERY = Duration.ofHours(24);
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());

    private final Dispatcher dispatcher;
    private final Map<MonitorId, Instant> outageSince = new ConcurrentHashMap<>();
    /** Per monitor in a DOWN with reminders: set to stop them (any change of the monitor, a pause). */
    private final Map<MonitorId, AtomicBoolean> reminders = new ConcurrentHashMap<>();
    /** Flap settling and pruning. */
    private final ScheduledThreadPoolExecutor timer;
    /** Reminders run on the delivery timer, so that a test advances them instead of sleeping. */
    private final DeliveryTimer reminderTimer;
    private final Map<String, FlapGuard> flapGuards = new ConcurrentHashMap<>();
    /** Per channel id: the certificate {@code notAfter} last announced for each monitor (in memory only). */
    private final Map<String, Map<MonitorId, Instant>> warnedCertificates = new ConcurrentHashMap<>();
    private final Clock clock;

    /**
     * A notifier for {@code channels}.
     *
     * @param clock         stamps {@code webhook-timestamp} and reads HTTP-date {@code Retry-After} headers
     * @param publicBaseUrl the status page's public address, e.g. {@code https://status.example.com}; when given,
     *                      messages link to {@code <publicBaseUrl>/services/<monitor id>}
     * @param policy        attempt delays, per-attempt timeout, queue capacity and close timeout
     * @param outbox        where messages are stored before they are sent and attempts are logged; its pending
     *                      messages (from before a restart) are scheduled at once
     * @throws IllegalArgumentException when two channels share an id or the base URL is not http(s)
     */
    public WebhookNotifier(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                           DeliveryPolicy policy, OutboxStore outbox) {
        this(channels, clock, publicBaseUrl, policy, outbox, EgressPolicy.defaults());
    }

    /**
     * A notifier for {@code channels} whose HTTP deliveries follow {@code egress}: an address it refuses is never sent
     * to, and the attempt is recorded as a dead delivery naming the rule.
     *
     * @param egress which addresses webhooks may be sent to (the application's {@code security.egress})
     * @see #WebhookNotifier(List, Clock, Optional, DeliveryPolicy, OutboxStore)
     */
    public WebhookNotifier(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                           DeliveryPolicy policy, OutboxStore outbox, EgressPolicy egress) {
        this(channels, clock, publicBaseUrl, policy, outbox, egress, DeliveryTimer.system());
    }

    /** A notifier whose delivery waits (attempt delays, retries, send slots) and reminders run on {@code timer}. */
    WebhookNotifier(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                    DeliveryPolicy policy, OutboxStore outbox, EgressPolicy egress, DeliveryTimer timer) {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(outbox, "outbox");
        Map<String, Channel> byId = byId(channels, Map.of());
        publicBaseUrl.ifPresent(url -> ChannelSettings.checkUrl("publicBaseUrl", url));
        this.channels = List.copyOf(byId.values());
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("upwatch-notify-settle").daemon().factory());
        this.channels.forEach(channel -> flapGuards.put(channel.id(), new FlapGuard(channel.settings().flap())));
        this.timer.setRemoveOnCancelPolicy(true);
        this.reminderTimer = Objects.requireNonNull(timer, "timer");
        this.dispatcher = new Dispatcher(clock, policy, outbox, byId, timer, egress);
        this.dispatcher.resume();
        this.timer.scheduleWithFixedDelay(() -> prune(outbox), 0, PRUNE_EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    /** A notifier with an in-memory outbox (nothing survives a restart). */
    public WebhookNotifier(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                           DeliveryPolicy policy) {
        this(channels, clock, publicBaseUrl, policy, new InMemoryOutboxStore());
    }

    /** A notifier with the {@linkplain DeliveryPolicy#defaults() default policy} and an in-memory outbox. */
    public static WebhookNotifier create(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl) {
        return new WebhookNotifier(channels, clock, publicBaseUrl, DeliveryPolicy.defaults());
    }

    /** A notifier with the {@linkplain DeliveryPolicy#defaults() default policy} on a durable {@code outbox}. */
    public static WebhookNotifier create(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                                         OutboxStore outbox) {
        return new WebhookNotifier(channels, clock, publicBaseUrl, DeliveryPolicy.defaults(), outbox);
    }

    /**
     * Puts {@code next} in force at once, for every event from now on. A channel whose settings are unchanged keeps
     * its state: flap suppression, rate limit and {@code Retry-After} hold, 410 disabling, announced certificates and
     * running reminders. A changed channel starts afresh (reminders with its next DOWN) except that it stays disabled
     * by a 410 while its URL is the same. Messages already pending for a changed channel go to its new settings at
     * their next attempt, as after a restart (given up when its type changed); those of a removed channel are given
     * up at their next attempt, never sent.
     *
     * @throws IllegalArgumentException when two channels share an id (nothing changes)
     */
    public synchronized void replaceChannels(List<ChannelSettings> next) {
        Map<String, Channel> current = new LinkedHashMap<>();
        channels.forEach(channel -> current.put(channel.id(), channel));
        Map<String, Channel> byId = byId(next, current);
        for (Channel old : current.values()) {
            if (byId.get(old.id()) != old) {
                flapGuards.remove(old.id());
                warnedCertificates.remove(old.id());
            }
        }
        byId.values().forEach(channel -> flapGuards.computeIfAbsent(channel.id(),
                id -> new FlapGuard(channel.settings().flap())));
        dispatcher.replaceChannels(byId);
        channels = List.copyOf(byId.values());
    }

    /**
     * The channels by id, reusing the {@code current} channel object where the settings are equal (so that its
     * state is kept).
     */
    private static Map<String, Channel> byId(List<ChannelSettings> settings, Map<String, Channel> current) {
        Objects.requireNonNull(settings, "channels");
        Map<String, Channel> byId = new LinkedHashMap<>();
        for (ChannelSettings channel : settings) {
            Objects.requireNonNull(channel, "channel");
            Channel same = current.get(channel.id());
            if (byId.putIfAbsent(channel.id(), same != null && same.settings().equals(channel) ? same
                    : Channel.of(channel)) != null) {
                throw new IllegalArgumentException("channel id '" + channel.id() + "' is used by two channels");
            }
        }
        return byId;
    }

    /** True while {@code channel} (this very object) is in force. */
    private boolean inForce(Channel channel) {
        return channels.stream().anyMatch(inForce -> inForce == channel);
    }

    /**
     * Stores the change in the outbox for every channel subscribed to its event and queues it; waits for the
     * store (one small write), never for the network, and never throws for delivery.
     */
    @Override
    public void statusChanged(StatusChange change) {
        dispatcher.submit(planChange(change));
    }

    /**
     * Stores the incident event for every channel subscribed to {@code incident} events and queues it, like
     * {@link #statusChanged}: {@code incident.opened}, {@code incident.updated} or {@code incident.resolved}.
     */
    @Override
    public void incidentChanged(IncidentEvent event) {
        dispatcher.submit(planIncident(Objects.requireNonNull(event, "event")));
    }

    /**
     * The messages of {@code change} (for every channel subscribed to its event, after routing and flap suppression)
     * and of the incident events, rendered but not stored; starts the change's reminders. Never does I/O.
     */
    @Override
    public List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> incidentEvents) {
        List<OutboxMessage> messages = new ArrayList<>();
        change.ifPresent(c -> messages.addAll(planChange(c)));
        incidentEvents.forEach(event -> messages.addAll(planIncident(event)));
        return messages;
    }

    /** Starts the delivery of planned messages, now committed to the outbox ({@code durable}) or not storable. */
    @Override
    public void committed(List<OutboxMessage> messages, boolean durable) {
        dispatcher.start(messages, durable);
    }

    /** Forgets planned messages whose fact was refused. */
    @Override
    public void discarded(List<OutboxMessage> messages) {
        dispatcher.release(messages);
    }

    /**
     * This notifier as the engine's {@link Notifier} when it plans status notifications through a transition journal:
     * it only watches checks for expiring certificates, since the journal hands it every status change already.
     */
    public Notifier certificates() {
        return new Notifier() {
            @Override
            public void statusChanged(StatusChange change) {
                // planned and committed with the change: see plan()
            }

            @Override
            public void checked(Monitor monitor, Sample sample) {
                WebhookNotifier.this.checked(monitor, sample);
            }

            @Override
            public void paused(Monitor monitor) {
                WebhookNotifier.this.paused(monitor);
            }
        };
    }

    private List<OutboxMessage> planChange(StatusChange change) {
        Optional<Instant> outage = trackOutage(change);
        cancelReminders(change.monitor().id());
        Optional<EventType> type = EventType.of(change);
        if (type.isEmpty() || change.cause().isPresent()) {
            // Part of the outage of a monitor it depends on: that monitor's notification names it (depends-on).
            return List.of();
        }
        Event event = Event.of(type.get(), change, publicBaseUrl, outage);
        scheduleReminders(event);
        List<Channel> targets = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        for (Channel channel : channels) {
            if (!channel.settings().accepts(event.type()) || !channel.settings().routes(change.monitor().id())) {
                continue;
            }
            FlapGuard guard = flapGuards.computeIfAbsent(channel.id(), id -> new FlapGuard(channel.settings().flap()));
            switch (guard.admit(event)) {
                case SEND -> targets.add(channel);
                case START_FLAPPING -> {
                    messages.addAll(dispatcher.prepare(List.of(channel), event.asFlapping()));
                    settleLater(channel, guard, event);
                }
                case HOLD -> settleLater(channel, guard, event);
            }
        }
        messages.addAll(dispatcher.prepare(targets, event));
        return messages;
    }

    private List<OutboxMessage> planIncident(IncidentEvent event) {
        if (event.type() == IncidentEvent.Type.ACKNOWLEDGED) {
            // Someone is on it: decided with the acknowledgement, in its transaction, like the change that started them.
            event.incident().services().forEach(this::cancelReminders);
        }
        List<Channel> targets = channels.stream().filter(c -> c.settings().accepts(EventType.INCIDENT))
                .filter(c -> c.settings().monitors().isEmpty()
                        || event.incident().services().stream().anyMatch(c.settings()::routes))
                .toList();
        return targets.isEmpty() ? List.of() : dispatcher.prepare(targets, IncidentNotice.of(event, publicBaseUrl));
    }

    /**
     * Warns every channel subscribed to {@code certificate-expiring} (and routing the monitor) once the sample's
     * certificate expires within the channel's {@code certificate-warning} period: once per (monitor, notAfter) per
     * channel, so a renewed certificate (a new notAfter) can warn again. Returns at once for samples without a
     * certificate; otherwise at most one outbox write. What was announced is kept in memory: after a restart a
     * certificate still within the period is announced once more.
     */
    @Override
    public void checked(Monitor monitor, Sample sample) {
        if (sample.certificateExpiry().isEmpty()) {
            return;
        }
        Instant notAfter = sample.certificateExpiry().get();
        List<Channel> targets = new ArrayList<>();
        for (Channel channel : channels) {
            ChannelSettings settings = channel.settings();
            if (!settings.accepts(EventType.CERTIFICATE_EXPIRING) || !settings.routes(monitor.id())
                    || notAfter.isAfter(sample.startedAt().plus(settings.certificateWarning()))) {
                continue;
            }
            Instant announced = warnedCertificates.computeIfAbsent(channel.id(), id -> new ConcurrentHashMap<>())
                    .put(monitor.id(), notAfter);
            if (!notAfter.equals(announced)) {
                targets.add(channel);
            }
        }
        if (!targets.isEmpty()) {
            dispatcher.submit(dispatcher.prepare(targets,
                    CertificateNotice.of(monitor, sample.startedAt(), notAfter, publicBaseUrl)));
        }
    }

    /**
     * Remembers when each monitor's outage (DOWN or DEGRADED, in any order) began; returns that start when
     * {@code change} ends it. A restart forgets: the first recovery after it carries no outage duration.
     */
    private Optional<Instant> trackOutage(StatusChange change) {
        boolean wasBad = isOutage(change.previous());
        boolean isBad = isOutage(change.current());
        if (isBad && !wasBad) {
            outageSince.put(change.monitor().id(), change.at());
            return Optional.empty();
        }
        if (isBad) {
            return Optional.empty();
        }
        return Optional.ofNullable(outageSince.remove(change.monitor().id()));
    }

    private static boolean isOutage(Status status) {
        return status == Status.DOWN || status == Status.DEGRADED;
    }

    /**
     * Any change of a monitor ends its reminders; a DOWN starts one reminder timer per channel with
     * {@code remind-every} that receives DOWN. Reminders live in memory: after a restart they start again only
     * with the next DOWN.
     */
    private void scheduleReminders(Event event) {
        MonitorId monitor = event.monitor().id();
        if (event.type() != EventType.DOWN) {
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        boolean started = false;
        for (Channel channel : channels) {
            if (channel.settings().accepts(EventType.DOWN) && channel.settings().remindEvery().isPresent()
                    && channel.settings().routes(monitor)) {
                started = true;
                remindLater(channel, event, channel.settings().remindEvery().get(), stopped);
            }
        }
        if (started) {
            reminders.put(monitor, stopped);
        }
    }

    /** One reminder of {@code event} on {@code channel} after {@code every}, then the next, until stopped. */
    private void remindLater(Channel channel, Event event, Duration every, AtomicBoolean stopped) {
        try {
            reminderTimer.schedule(() -> {
                if (stopped.get() || !inForce(channel)) { // a changed or removed channel reminds no more
                    return;
                }
                dispatcher.submit(dispatcher.prepare(List.of(channel),
                        event.reminder(Duration.between(event.change().at(), clock.instant()))));
                remindLater(channel, event, every, stopped);
            }, every);
        } catch (RejectedExecutionException e) {
            // closed: nothing more is sent
        }
    }

    /** Once the channel's flap window has passed without another change, sends the monitor's latest event. */
    private void settleLater(Channel channel, FlapGuard guard, Event event) {
        try {
            timer.schedule(() -> guard.settle(event.monitor().id(), event)
                            .filter(latest -> inForce(channel))
                            .ifPresent(latest -> dispatcher.submit(dispatcher.prepare(List.of(channel), latest))),
                    channel.settings().flap().window().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: nothing more is sent
        }
    }

    /** Forgets finished messages and log entries older than {@link #RETENTION}; a failure is logged and retried later. */
    private void prune(OutboxStore outbox) {
        try {
            int removed = outbox.prune(clock.instant().minus(RETENTION));
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "forgot " + removed + " notification" + (removed == 1 ? "" : "s")
                        + " finished more than " + RETENTION.toDays() + " days ago");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot prune the notification outbox: " + e);
        }
    }

    /** A paused monitor is reminded of no more: its reminders stop until its next DOWN. */
    @Override
    public void paused(Monitor monitor) {
        cancelReminders(monitor.id());
    }

    private void cancelReminders(MonitorId monitor) {
        AtomicBoolean running = reminders.remove(monitor);
        if (running != null) {
            running.set(true);
        }
    }

    /**
     * Sends the given-up message {@code messageId} of the channel {@code channel} again through the outbox, as it was
     * rendered (its original time and id, so a receiver that saw it dedupes it), with a fresh set of attempts.
     *
     * @return false when the channel is not in force or disabled, or the message is not a dead one of it
     */
    public boolean replay(String channel, String messageId) {
        return dispatcher.replay(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(messageId, "messageId"));
    }

    /** The service a test message is about. */
    static final Monitor TEST_MONITOR = Monitor.builder(MonitorId.of("upwatch-test"), "Upwatch test notification",
            new dev.upwatch.core.model.ProbeSpec("test", dev.upwatch.core.model.ProbeSettings.empty())).build();

    /**
     * Sends a test message to the channel {@code id} in force, now and once, outside the outbox: a recovery
     * ({@code service.up}) of the service "Upwatch test notification" whose reason says it is a test. Completes
     * with the receiver's answer; never completes exceptionally.
     *
     * @throws java.util.NoSuchElementException when no channel in force has that id
     */
    public java.util.concurrent.CompletableFuture<ChannelTrial> test(String id) {
        Channel channel = channels.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no notification channel has the id '" + id + "'"));
        Instant now = clock.instant();
        Sample sample = new Sample(TEST_MONITOR.id(), now, Duration.ZERO, dev.upwatch.core.model.Outcome.SUCCESS,
                Optional.empty(), List.of());
        Event event = Event.of(EventType.UP, new StatusChange(TEST_MONITOR, Status.DOWN, Status.UP, now, sample,
                "a test notification from Upwatch: nothing is wrong"), Optional.empty());
        long started = System.nanoTime();
        return dispatcher.trial(channel, event.id(), channel.render(event))
                .thenApply(answered -> new ChannelTrial(id, answered.result(), answered.answer(),
                        Duration.ofNanos(System.nanoTime() - started)));
    }

    /**
     * The message text the channel {@code id} in force would send, filled in for a sample event — a DOWN of the
     * service "Upwatch test notification" because of "connection refused" — with {@code template} when given, else
     * the channel's own. Nothing is sent or stored.
     *
     * @throws java.util.NoSuchElementException when no channel in force has that id
     * @throws IllegalArgumentException         when neither a template is given nor the channel has one
     */
    public String preview(String id, Optional<MessageTemplate> template) {
        Channel channel = channels.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no notification channel has the id '" + id + "'"));
        MessageTemplate used = template.or(() -> channel.settings().template()).orElseThrow(() ->
                new IllegalArgumentException("channel '" + id + "' has no template; give one to preview"));
        Instant now = clock.instant();
        Sample sample = new Sample(TEST_MONITOR.id(), now, Duration.ZERO, dev.upwatch.core.model.Outcome.FAILURE,
                Optional.empty(), List.of());
        Event event = Event.of(EventType.DOWN, new StatusChange(TEST_MONITOR, Status.UP, Status.DOWN, now, sample,
                "connection refused"), publicBaseUrl);
        return channel.text(used, event);
    }

    /** True while reminders of {@code monitor} are scheduled (for tests: a cancelled reminder never fires). */
    boolean reminding(MonitorId monitor) {
        return reminders.containsKey(monitor);
    }

    /** Delivered, failed, dropped and pending notifications so far. */
    public DeliveryCounts counts() {
        return dispatcher.counts();
    }

    /**
     * Messages this node took over from the cluster's shared outbox: stored by another node, or left by one that died
     * holding them; 0 alone.
     */
    public long pickedUp() {
        return dispatcher.pickedUp();
    }

    /** The channels in force. */
    public List<ChannelSettings> channels() {
        return channels.stream().map(Channel::settings).toList();
    }

    /** Stops accepting changes, waits up to the policy's close timeout for pending ones, then stops its threads. */
    @Override
    public void close() {
        timer.shutdownNow();
        reminders.keySet().forEach(this::cancelReminders); // none fires while the dispatcher drains
        dispatcher.close();
    }
}
