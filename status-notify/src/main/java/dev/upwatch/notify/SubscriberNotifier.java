package dev.upwatch.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.notify.subscription.SubscriptionTexts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells the page's subscribers of incidents and maintenance. Incidents as a {@link NotificationPlanner}: each incident event becomes one outbox
 * message per subscriber it concerns, committed with the fact by the core's transition journal, then delivered by a
 * dispatcher of its own on the same outbox (retries, claims, order per subscriber and incident). Mails go through one
 * channel, {@value #EMAIL_CHANNEL}, each message naming its recipient and carrying its {@code List-Unsubscribe} and
 * {@code List-Unsubscribe-Post} headers (RFC 8058); each webhook subscriber is a channel {@code subscriber-<id>},
 * signed like every webhook and sent only where the egress policy allows. All of them share one pace group, so that
 * subscribers are sent to at most once per {@link SubscriberSettings#sendEvery()} in total. Maintenance openings
 * come through {@link #maintenance}, announced and started once each.
 *
 * <p>Subscribers only ever see what the public page shows: every incident passes through {@code publicView} first,
 * and maintenance is read from the public view of the windows. Each mail is written in its subscription's language
 * (the one it was made in); webhook payloads are the same JSON for everyone.
 */
public final class SubscriberNotifier implements NotificationPlanner, AutoCloseable {
    /** Channel ids starting with this belong to subscribers; the configuration cannot use them. */
    public static final String CHANNEL_PREFIX = "subscriber-";
    /** The channel every subscriber's mail goes through. */
    public static final String EMAIL_CHANNEL = CHANNEL_PREFIX + "email";
    private static final String PACE_GROUP = "subscribers";
    /** Most maintenance openings remembered as told (a restart forgets them; the outbox then dedupes). */
    private static final int REMEMBERED_OPENINGS = 10_000;

    private final SubscriberSettings settings;
    private final Function<Incident, Optional<Incident>> publicView;
    private final Dispatcher dispatcher;
    /** The openings already told, as event/title/start keys, oldest first. */
    private final LinkedHashSet<String> announced = new LinkedHashSet<>();
    /** Every confirmed subscription, replaced whole; read once per fact. */
    private volatile List<Subscription> subscriptions;
    /** The channels: the mail channel (when configured) and one per webhook subscriber, replaced with them. */
    private volatile Map<String, Channel> channels;

    /**
     * @param settings      the mail server, links and rate bound
     * @param subscriptions the confirmed subscriptions at start
     * @param publicView    an incident as the public may see it, or empty when it shows no public service
     * @param policy        attempts, delays and queue capacity of deliveries
     * @param outbox        the outbox shared with the notification channels
     * @param egress        where webhooks may be sent (the application's {@code security.egress})
     */
    public SubscriberNotifier(SubscriberSettings settings, List<Subscription> subscriptions,
                              Function<Incident, Optional<Incident>> publicView, Clock clock, DeliveryPolicy policy,
                              OutboxStore outbox, EgressPolicy egress) {
        this(settings, subscriptions, publicView, clock, policy, outbox, egress, DeliveryTimer.system());
    }

    SubscriberNotifier(SubscriberSettings settings, List<Subscription> subscriptions,
                       Function<Incident, Optional<Incident>> publicView, Clock clock, DeliveryPolicy policy,
                       OutboxStore outbox, EgressPolicy egress, DeliveryTimer timer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publicView = Objects.requireNonNull(publicView, "publicView");
        this.subscriptions = List.copyOf(subscriptions);
        this.channels = channels(this.subscriptions, Map.of());
        this.dispatcher = new Dispatcher(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(outbox, "outbox"), channels, Objects.requireNonNull(timer, "timer"),
                Objects.requireNonNull(egress, "egress"), SubscriberNotifier::isSubscriberChannel);
        dispatcher.resume();
    }

    /** True when the channel id is a subscriber's (or the subscribers' mail channel). */
    public static boolean isSubscriberChannel(String channelId) {
        return channelId.startsWith(CHANNEL_PREFIX);
    }

    /** The channel id of a webhook subscription. */
    static String channelOf(Subscription subscription) {
        return CHANNEL_PREFIX + subscription.id().value();
    }

    /** True when mails can be sent (an SMTP server is configured). */
    public boolean sendsMail() {
        return settings.mail().isPresent();
    }

    /**
     * Puts {@code next} in force for every fact from now on. A removed webhook subscriber's pending messages are given
     * up at their next attempt; mails already planned for a removed address still go (they were due before).
     */
    public synchronized void replaceSubscriptions(List<Subscription> next) {
        Map<String, Channel> fresh = channels(List.copyOf(next), channels);
        dispatcher.replaceChannels(fresh);
        channels = fresh;
        subscriptions = List.copyOf(next);
    }

    /** The subscriptions in force. */
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    private Map<String, Channel> channels(List<Subscription> all, Map<String, Channel> current) {
        Map<String, Channel> byId = new LinkedHashMap<>();
        settings.mail().ifPresent(mail -> byId.put(mail.id(), current.containsKey(mail.id()) ? current.get(mail.id())
                : paced(mail)));
        for (Subscription subscription : all) {
            if (subscription.kind() != Subscription.Kind.WEBHOOK) {
                continue;
            }
            ChannelSettings hook = new ChannelSettings(channelOf(subscription), ChannelType.WEBHOOK,
                    URI.create(subscription.address()), subscription.secret(), EnumSet.of(EventType.INCIDENT));
            Channel same = current.get(hook.id());
            byId.put(hook.id(), same != null && same.settings().equals(hook) ? same : paced(hook));
        }
        return byId;
    }

    private Channel paced(ChannelSettings channel) {
        return new Channel(channel, new PacedProvider(ChannelProvider.of(channel), PACE_GROUP, settings.sendEvery()));
    }

    /**
     * Stores the confirmation mail of a subscription request in the outbox and starts it; never waits for the network.
     *
     * @param address     where it goes
     * @param confirmLink the signed link that confirms it
     * @param validFor    how long the link confirms, for the text
     * @param locale      the language the request was made in, which the mail is written in
     */
    public void requestConfirmation(String address, URI confirmLink, String validFor, Locale locale) {
        Channel mail = channels.get(EMAIL_CHANNEL);
        if (mail == null) {
            throw new IllegalStateException("no SMTP server is configured for subscriptions");
        }
        SubscriptionTexts texts = SubscriptionTexts.of(locale);
        String subject = texts.text("mail.confirm.subject", settings.pageTitle());
        String text = texts.text("mail.confirm.text", settings.pageTitle(), settings.publicUrl(), validFor, confirmLink);
        byte[] body = mailBody(address, subject, text, Optional.empty(), texts);
        dispatcher.submit(dispatcher.prepare(List.of(mail), "msg_" + digest("confirm/" + address + "/" + confirmLink),
                "subscription.confirm", "confirm:" + digest(address).substring(0, 16), channel -> body));
    }

    @Override
    public List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> incidentEvents) {
        List<Subscription> all = subscriptions;
        if (all.isEmpty()) {
            return List.of();
        }
        List<OutboxMessage> messages = new ArrayList<>();
        for (IncidentEvent event : incidentEvents) {
            Optional<Incident> shown = publicView.apply(event.incident());
            if (shown.isEmpty()) {
                continue;
            }
            IncidentNotice notice = IncidentNotice.of(new IncidentEvent(event.type(), shown.get()),
                    Optional.of(settings.publicUrl()));
            for (Subscription subscription : all) {
                if (subscription.covers(shown.get().services())) {
                    messages.addAll(message(subscription, notice));
                }
            }
        }
        return messages;
    }

    /** The message of {@code notice} for one subscriber: a mail of its own, or its webhook's signed event. */
    private List<OutboxMessage> message(Subscription subscription, IncidentNotice notice) {
        String lane = subscription.id().value() + ":" + digest(notice.incident().id().value()).substring(0, 16);
        if (subscription.kind() == Subscription.Kind.WEBHOOK) {
            Channel hook = channels.get(channelOf(subscription));
            return hook == null ? List.of() : dispatcher.prepare(List.of(hook), notice.id(), notice.wireName(), lane,
                    channel -> channel.format().renderIncident(notice));
        }
        Channel mail = channels.get(EMAIL_CHANNEL);
        if (mail == null) {
            return List.of();
        }
        byte[] body = incidentMail(subscription, notice);
        return dispatcher.prepare(List.of(mail), "msg_" + digest(notice.id() + "/" + subscription.id().value()),
                notice.wireName(), lane, channel -> body);
    }

    private byte[] incidentMail(Subscription subscription, IncidentNotice notice) {
        Incident incident = notice.incident();
        SubscriptionTexts texts = SubscriptionTexts.of(subscription.locale());
        String subject = texts.text("mail." + notice.wireName() + ".subject", settings.pageTitle(), incident.title());
        String services = incident.services().isEmpty() ? texts.text("mail.services.none") : notice.serviceList();
        StringBuilder text = new StringBuilder(texts.text("mail.incident.text",
                texts.text("mail." + notice.wireName() + ".headline", incident.title()),
                texts.text("mail.impact." + incident.impact().wireName()), services,
                IncidentNotice.iso(incident.startedAt())));
        notice.latestUpdate().ifPresent(update -> text.append(texts.text("mail.incident.latest",
                texts.text("mail.state." + update.state().wireName()), PayloadFormat.shorten(update.message(), 4000))));
        text.append(texts.text("mail.page", settings.publicUrl()));
        return mailBody(subscription.address(), subject, text.toString(), Optional.of(subscription), texts);
    }

    /** A mail as the SMTP sender reads it; with a subscription, its one-click unsubscribe link and headers. */
    private byte[] mailBody(String to, String subject, String text, Optional<Subscription> subscription,
                            SubscriptionTexts texts) {
        ObjectNode root = PayloadFormat.JSON.createObjectNode();
        root.put("to", to);
        root.put("subject", PayloadFormat.shorten(subject, 200));
        StringBuilder body = new StringBuilder(text);
        subscription.ifPresent(s -> {
            URI unsubscribe = unsubscribeLink(s);
            body.append(texts.text("mail.footer", settings.pageTitle(), unsubscribe));
            ObjectNode headers = root.putObject("headers");
            headers.put("List-Unsubscribe", "<" + unsubscribe + ">");
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        });
        root.put("text", body.toString());
        return PayloadFormat.write(root, "email");
    }

    /**
     * The page that unsubscribes {@code subscription}, in its language: a button on GET, done on POST (RFC 8058's one
     * click).
     */
    public URI unsubscribeLink(Subscription subscription) {
        return link("/unsubscribe?token=" + URLEncoder.encode(settings.tokens().unsubscribe(subscription.id()),
                StandardCharsets.UTF_8) + "&lang=" + subscription.locale().toLanguageTag());
    }

    /** {@code pathAndQuery} on the page's public address. */
    public URI link(String pathAndQuery) {
        String base = settings.publicUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /**
     * Tells subscribers of maintenance: an opening not yet started is announced, one in progress is started, each
     * once. Call it with the public windows' current and upcoming openings, as often as convenient. The messages of an
     * opening have ids derived from it (window title, start, event, subscriber), so a call after a restart stores
     * none twice (the outbox keeps the first) and sends none twice (a delivered message cannot be claimed again):
     * a crash between two calls loses nothing, since the next call finds the same openings.
     *
     * @param openings the windows' openings in progress or upcoming (as {@code MaintenanceQuery.currentAndUpcoming})
     * @param now      the time the openings were read at
     */
    public void maintenance(List<MaintenanceWindow.Occurrence> openings, Instant now) {
        List<Subscription> all = subscriptions;
        for (MaintenanceWindow.Occurrence opening : openings) {
            boolean started = !now.isBefore(opening.start()) && now.isBefore(opening.end());
            if (!started && !now.isBefore(opening.start())) {
                continue; // already over
            }
            String event = started ? "maintenance.started" : "maintenance.announced";
            String key = event + "/" + opening.window().title() + "/" + opening.start();
            synchronized (announced) {
                if (!announced.add(key)) {
                    continue;
                }
                if (announced.size() > REMEMBERED_OPENINGS) {
                    announced.remove(announced.iterator().next());
                }
            }
            List<OutboxMessage> messages = new ArrayList<>();
            for (Subscription subscription : all) {
                if (subscription.covers(opening.window().monitors())) {
                    messages.addAll(maintenanceMessage(subscription, opening, event, key, now));
                }
            }
            dispatcher.submit(messages);
        }
    }

    private List<OutboxMessage> maintenanceMessage(Subscription subscription, MaintenanceWindow.Occurrence opening,
                                                   String event, String key, Instant now) {
        String id = "msg_" + digest(key + "/" + subscription.id().value());
        String lane = subscription.id().value() + ":" + digest("maintenance/" + opening.window().title()).substring(0, 16);
        String services = opening.window().monitors().stream().map(Object::toString).sorted()
                .collect(Collectors.joining(", "));
        if (subscription.kind() == Subscription.Kind.WEBHOOK) {
            Channel hook = channels.get(channelOf(subscription));
            if (hook == null) {
                return List.of();
            }
            ObjectNode root = PayloadFormat.JSON.createObjectNode();
            root.put("type", event);
            root.put("timestamp", IncidentNotice.iso(started(event) ? opening.start() : now));
            ObjectNode window = root.putObject("data").putObject("maintenance");
            window.put("title", opening.window().title());
            var list = window.putArray("services");
            opening.window().monitors().stream().map(Object::toString).sorted().forEach(list::add);
            window.put("startsAt", IncidentNotice.iso(opening.start()));
            window.put("endsAt", IncidentNotice.iso(opening.end()));
            ((ObjectNode) root.get("data")).put("url", settings.publicUrl().toString());
            byte[] body = PayloadFormat.write(root, "maintenance");
            return dispatcher.prepare(List.of(hook), id, event, lane, channel -> body);
        }
        Channel mail = channels.get(EMAIL_CHANNEL);
        if (mail == null) {
            return List.of();
        }
        SubscriptionTexts texts = SubscriptionTexts.of(subscription.locale());
        String subject = texts.text("mail." + event + ".subject", settings.pageTitle(), opening.window().title());
        String text = texts.text("mail.maintenance.text", opening.window().title(),
                services.isEmpty() ? texts.text("mail.services.none") : services,
                IncidentNotice.iso(opening.start()), IncidentNotice.iso(opening.end()))
                + texts.text("mail.page", settings.publicUrl());
        byte[] body = mailBody(subscription.address(), subject, text, Optional.of(subscription), texts);
        return dispatcher.prepare(List.of(mail), id, event, lane, channel -> body);
    }

    private static boolean started(String event) {
        return event.endsWith("started");
    }

    @Override
    public void committed(List<OutboxMessage> messages, boolean durable) {
        dispatcher.start(messages, durable);
    }

    @Override
    public void discarded(List<OutboxMessage> messages) {
        dispatcher.release(messages);
    }

    /** Delivered, failed and dropped messages so far. */
    public DeliveryCounts counts() {
        return dispatcher.counts();
    }

    /** Waits for pending deliveries up to the policy's close timeout; the outbox keeps the rest for the next start. */
    @Override
    public void close() {
        dispatcher.close();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SubscriberNotifier[" + subscriptions.size() + " subscriptions, mail "
                + (settings.mail().isPresent() ? "on" : "off") + ", one send per "
                + DurationText.format(settings.sendEvery()) + "]";
    }
}
