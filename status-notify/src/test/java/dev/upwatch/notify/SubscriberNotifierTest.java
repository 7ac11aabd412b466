package dev.upwatch.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemorySubscriptionStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.service.TransitionJournal;
import dev.upwatch.notify.subscription.InvalidSubscription;
import dev.upwatch.notify.subscription.SubscriptionTokens;
import dev.upwatch.notify.subscription.Subscriptions;
import dev.upwatch.notify.subscription.WebhookSubscription;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscribers' mails (GreenMail) and webhooks (a real receiver) through the outbox, with the rate bound. */
class SubscriberNotifierTest {
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
    private static final SubscriptionTokens TOKENS = new SubscriptionTokens("x".repeat(40));
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));
    private static final EgressPolicy LOOPBACK_ALLOWED = EgressPolicy.defaults();

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private SubscriberSettings settings(Duration sendEvery) {
        return new SubscriberSettings("Example status", URI.create("https://status.example.com"),
                Optional.of(SubscriberSettings.mail(URI.create("smtp://127.0.0.1:" + smtp.getSmtp().getPort()),
                        "status@example.com", Optional.empty(), Optional.empty())), TOKENS, sendEvery);
    }

    private static Subscription email(String address, Set<MonitorId> services) {
        return email(address, services, Locale.ENGLISH);
    }

    private static Subscription email(String address, Set<MonitorId> services, Locale locale) {
        return new Subscription(SubscriptionId.random(), Subscription.DEFAULT_PAGE, Subscription.Kind.EMAIL, address,
                Optional.empty(), services.isEmpty() ? Optional.empty() : Optional.of(services), START, locale);
    }

    /** The one mail to {@code address} whose subject starts with {@code subject}. */
    private static MimeMessage mail(MimeMessage[] mails, String address, String subject) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        for (MimeMessage mail : mails) {
            seen.add(mail.getAllRecipients()[0] + " " + mail.getSubject());
            if (mail.getAllRecipients()[0].toString().equals(address) && mail.getSubject().startsWith(subject)) {
                return mail;
            }
        }
        throw new AssertionError("no mail to " + address + " about " + subject + " in " + seen);
    }

    private static String text(MimeMessage mail) throws Exception {
        return ((String) mail.getContent()).replace("\r\n", "\n");
    }

    private static IncidentEvent opened(String... services) {
        return new IncidentEvent(IncidentEvent.Type.OPENED, new Incident(new IncidentId("db-failover"),
                Incident.Kind.MANUAL, "Database failover", Status.DOWN, List.of(services).stream().map(MonitorId::of)
                .toList(), START, Optional.empty(), List.of(new IncidentUpdate(START, IncidentState.INVESTIGATING,
                "Looking into it"))));
    }

    /** Hides the monitor {@code secret}, as the public incident view does. */
    private static Optional<Incident> publicView(Incident incident) {
        List<MonitorId> shown = incident.services().stream().filter(id -> !id.value().equals("secret")).toList();
        return shown.isEmpty() ? Optional.empty() : Optional.of(new Incident(incident.id(), incident.kind(),
                incident.title(), incident.impact(), shown, incident.startedAt(), incident.resolvedAt(),
                incident.updates()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void subscribersAreSentToAtMostOncePerIntervalInTotal() throws Exception {
        var outbox = new InMemoryOutboxStore();
        var timer = new ManualTimer();
        List<Subscription> five = List.of(email("a@example.com", Set.of()), email("b@example.com", Set.of()),
                email("c@example.com", Set.of()), email("d@example.com", Set.of()), email("e@example.com", Set.of()));
        try (var notifier = new SubscriberNotifier(settings(Duration.ofSeconds(1)), five,
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED, timer)) {
            new TransitionJournal(new InMemoryTransitionStore(new InMemoryIncidentStore(), outbox), List.of(notifier)).record(List.of(opened("api")));
            assertEquals(5, outbox.pending().size(), "one stored message per subscriber, committed with the fact");

            for (int second = 0; second < 5; second++) {
                timer.advance(second == 0 ? Duration.ZERO : Duration.ofSeconds(1));
                int sent = second + 1;
                // Settled: every message is either received or waiting for its slot on the timer.
                await(() -> smtp.getReceivedMessages().length == sent && timer.waiting() == 5 - sent,
                        sent + " mails and " + (5 - sent) + " waiting");
                assertEquals(sent, smtp.getReceivedMessages().length, "at most one mail per second");
            }
            await(() -> outbox.pending().isEmpty(), "the outbox drained");
        }
    }

    @Test
    void aMailNamesItsOneRecipientAndCarriesTheOneClickUnsubscribeHeaders() throws Exception {
        var outbox = new InMemoryOutboxStore();
        Subscription api = email("reader@example.com", Set.of(MonitorId.of("api")));
        Subscription other = email("other@example.com", Set.of(MonitorId.of("web")));
        try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), List.of(api, other),
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
            new TransitionJournal(new InMemoryTransitionStore(new InMemoryIncidentStore(), outbox), List.of(notifier))
                    .record(List.of(opened("api", "secret")));
            await(() -> outbox.pending().isEmpty() && smtp.getReceivedMessages().length == 1, "one mail");
        }
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("reader@example.com", mail.getAllRecipients()[0].toString());
        assertEquals(1, mail.getAllRecipients().length);
        assertEquals("[Example status] Incident: Database failover", mail.getSubject());
        String unsubscribe = "https://status.example.com/unsubscribe?token=" + TOKENS.unsubscribe(api.id()) + "&lang=en";
        assertEquals("<" + unsubscribe + ">", mail.getHeader("List-Unsubscribe")[0]);
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post")[0]);
        String text = ((String) mail.getContent()).replace("\r\n", "\n");
        assertTrue(text.contains("Services: api\n"), "the private service is not named:\n" + text);
        assertTrue(text.contains(unsubscribe), text);
    }

    @Test
    void aWebhookSubscriberGetsTheSignedEventOnlyWhereTheEgressPolicyAllows() throws Exception {
        try (var receiver = Receiver.answeringOk()) {
            var store = new InMemorySubscriptionStore();
            var outbox = new InMemoryOutboxStore();
            try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), List.of(),
                    SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
                var subscriptions = new Subscriptions(store, notifier, TOKENS, CLOCK, Duration.ofHours(24),
                        Duration.ofMinutes(10), id -> true, LOOPBACK_ALLOWED, NameResolver.system());
                WebhookSubscription made = subscriptions.subscribeWebhook("default",
                        receiver.url("/hook").toString(), Optional.empty());
                new TransitionJournal(new InMemoryTransitionStore(new InMemoryIncidentStore(), outbox), List.of(notifier)).record(List.of(opened("api")));
                var request = receiver.awaitRequest(Duration.ofSeconds(10));
                String secret = made.subscription().secret().orElseThrow();
                assertTrue(WebhookSigner.fromSecret(secret).verify(request.header("webhook-id"),
                        request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"),
                        START), "signed with the subscription's own secret");
                assertTrue(request.text().contains("\"type\":\"incident.opened\""), request.text());

                var refusing = new Subscriptions(store, notifier, TOKENS, CLOCK, Duration.ofHours(24),
                        Duration.ofMinutes(10), id -> true, EgressPolicy.denyPrivate(List.of()), NameResolver.system());
                InvalidSubscription refused = assertThrows(InvalidSubscription.class, () -> refusing.subscribeWebhook(
                        "default", receiver.url("/hook").toString(), Optional.empty()));
                assertEquals("url", refused.field());
                assertTrue(refused.problem().startsWith(EgressPolicy.BLOCKED_PREFIX), refused.problem());
            }
        }
    }

    @Test
    void aSubscribeRequestNeverReadsTheSubscriptionsSoItCannotTellWhoIsSubscribed() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        var inner = new InMemorySubscriptionStore();
        SubscriptionStore watched = new SubscriptionStore() {
            @Override
            public Subscription save(Subscription subscription) {
                reads.incrementAndGet();
                return inner.save(subscription);
            }

            @Override
            public boolean remove(SubscriptionId id) {
                reads.incrementAndGet();
                return inner.remove(id);
            }

            @Override
            public List<Subscription> all() {
                reads.incrementAndGet();
                return inner.all();
            }
        };
        inner.save(email("known@example.com", Set.of()));
        var outbox = new InMemoryOutboxStore();
        try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), inner.all(),
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
            var subscriptions = new Subscriptions(watched, notifier, TOKENS, CLOCK, Duration.ofHours(24),
                    Duration.ofMinutes(10), id -> true, LOOPBACK_ALLOWED, NameResolver.system());
            subscriptions.requestEmail("default", "Known@Example.com", Optional.empty());
            subscriptions.requestEmail("default", "unknown@example.com", Optional.empty());
            assertEquals(0, reads.get(), "a request does not look at the subscriptions");
            await(() -> smtp.getReceivedMessages().length == 2, "two confirmation mails");
            MimeMessage known = smtp.getReceivedMessages()[0];
            MimeMessage unknown = smtp.getReceivedMessages()[1];
            assertEquals(known.getSubject(), unknown.getSubject());
            String knownText = ((String) known.getContent()).replaceAll("token=\\S+", "token=T");
            String unknownText = ((String) unknown.getContent()).replaceAll("token=\\S+", "token=T");
            assertEquals(knownText, unknownText, "the same mail, but for its link");

            // A second request within the resend bound sends nothing, and answers the same (returns normally).
            subscriptions.requestEmail("default", "unknown@example.com", Optional.empty());
            await(() -> outbox.pending().isEmpty(), "the outbox drained");
            assertEquals(2, smtp.getReceivedMessages().length);
        }
    }

    @Test
    void onlyAGenuineUnexpiredConfirmationLinkConfirmsAndTokensOfOneKindAreNotTheOther() {
        var request = new dev.upwatch.notify.subscription.EmailRequest("default", "a@example.com",
                Optional.of(Set.of(MonitorId.of("api"))), START.plusSeconds(60));
        String token = TOKENS.confirmation(request);
        assertEquals(Optional.of(request), TOKENS.readConfirmation(token));
        var german = new dev.upwatch.notify.subscription.EmailRequest("default", "a@example.com", Optional.empty(),
                START.plusSeconds(60), Locale.GERMAN);
        assertEquals(Optional.of(german), TOKENS.readConfirmation(TOKENS.confirmation(german)), "the language travels");
        String tampered = token.substring(0, token.indexOf('.') - 2) + "AA" + token.substring(token.indexOf('.'));
        assertEquals(Optional.empty(), TOKENS.readConfirmation(tampered));
        assertEquals(Optional.empty(), new SubscriptionTokens("y".repeat(40)).readConfirmation(token),
                "another server's secret");
        SubscriptionId id = SubscriptionId.random();
        assertEquals(Optional.of(id), TOKENS.readUnsubscribe(TOKENS.unsubscribe(id)));
        assertEquals(Optional.empty(), TOKENS.readConfirmation(TOKENS.unsubscribe(id)));
        assertEquals(Optional.empty(), TOKENS.readUnsubscribe(token));

        var later = new Subscriptions(new InMemorySubscriptionStore(), new SubscriberNotifier(settings(Duration.ZERO),
                List.of(), Optional::of, Clock.fixed(START.plusSeconds(61), ZoneOffset.UTC), FAST,
                new InMemoryOutboxStore(), LOOPBACK_ALLOWED), TOKENS, Clock.fixed(START.plusSeconds(61), ZoneOffset.UTC),
                Duration.ofMinutes(1), Duration.ofMinutes(10), id2 -> true, LOOPBACK_ALLOWED, NameResolver.system());
        assertFalse(later.confirm(token).isPresent(), "expired");
    }

    @Test
    void maintenanceIsAnnouncedThenStartedOnceEachAlsoAfterARestart() throws Exception {
        var outbox = new InMemoryOutboxStore();
        var window = new MaintenanceWindow("Database upgrade", Set.of(MonitorId.of("api")),
                Recurrence.once(START.plusSeconds(3600)), Duration.ofHours(1));
        var opening = new MaintenanceWindow.Occurrence(window, START.plusSeconds(3600), START.plusSeconds(7200));
        List<Subscription> subscribers = List.of(email("api@example.com", Set.of(MonitorId.of("api"))),
                email("web@example.com", Set.of(MonitorId.of("web"))));
        try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), subscribers,
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
            notifier.maintenance(List.of(opening), START);
            notifier.maintenance(List.of(opening), START.plusSeconds(60));
            notifier.maintenance(List.of(opening), START.plusSeconds(3601));
            notifier.maintenance(List.of(opening), START.plusSeconds(3700));
            await(() -> outbox.pending().isEmpty() && smtp.getReceivedMessages().length == 2, "two mails");
        }
        // A restart: the same openings read again, nothing remembered in memory; the outbox dedupes.
        try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), subscribers,
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
            notifier.maintenance(List.of(opening), START.plusSeconds(3800));
            await(() -> outbox.pending().isEmpty() && notifier.counts().pending() == 0, "the outbox drained");
        }
        assertEquals(2, smtp.getReceivedMessages().length, "announced and started, once each");
        assertEquals("[Example status] Maintenance planned: Database upgrade", smtp.getReceivedMessages()[0].getSubject());
        assertEquals("[Example status] Maintenance started: Database upgrade", smtp.getReceivedMessages()[1].getSubject());
        assertEquals("api@example.com", smtp.getReceivedMessages()[1].getAllRecipients()[0].toString());
    }

    @Test
    void eachSubscriberIsWrittenToInTheLanguageTheSubscriptionWasMadeIn() throws Exception {
        var outbox = new InMemoryOutboxStore();
        var store = new InMemorySubscriptionStore();
        store.save(email("en@example.com", Set.of()));
        var window = new MaintenanceWindow("Database upgrade", Set.of(MonitorId.of("api")),
                Recurrence.once(START.plusSeconds(3600)), Duration.ofHours(1));
        try (var notifier = new SubscriberNotifier(settings(Duration.ZERO), store.all(),
                SubscriberNotifierTest::publicView, CLOCK, FAST, outbox, LOOPBACK_ALLOWED)) {
            var subscriptions = new Subscriptions(store, notifier, TOKENS, CLOCK, Duration.ofHours(24),
                    Duration.ofMinutes(10), id -> true, LOOPBACK_ALLOWED, NameResolver.system());
            InvalidSubscription refused = assertThrows(InvalidSubscription.class,
                    () -> subscriptions.requestEmail("default", "not an address", Optional.empty(), Locale.GERMAN));
            assertEquals("geben Sie eine E-Mail-Adresse ein, etwa name@example.com", refused.problem());

            // Subscribing on a German page: a German confirmation, and the subscription remembers German.
            subscriptions.requestEmail("default", "de@example.com", Optional.empty(), Locale.GERMAN);
            await(() -> smtp.getReceivedMessages().length == 1, "the confirmation mail");
            MimeMessage confirmation = smtp.getReceivedMessages()[0];
            assertEquals("Bestätigen Sie Ihr Abonnement von Example status", confirmation.getSubject());
            Matcher link = Pattern.compile("token=([^&\\s]+)&lang=de\\n").matcher(text(confirmation));
            assertTrue(link.find(), text(confirmation));
            Subscription german = subscriptions.confirm(URLDecoder.decode(link.group(1), StandardCharsets.UTF_8))
                    .orElseThrow();
            assertEquals(Locale.GERMAN, german.locale());

            new TransitionJournal(new InMemoryTransitionStore(new InMemoryIncidentStore(), outbox), List.of(notifier))
                    .record(List.of(opened("api")));
            await(() -> smtp.getReceivedMessages().length == 3, "two incident mails");
            notifier.maintenance(List.of(new MaintenanceWindow.Occurrence(window, START.plusSeconds(3600),
                    START.plusSeconds(7200))), START);
            await(() -> outbox.pending().isEmpty() && smtp.getReceivedMessages().length == 5, "two maintenance mails");
        }
        MimeMessage[] mails = smtp.getReceivedMessages();
        MimeMessage de = mail(mails, "de@example.com", "[Example status] Störung: ");
        assertEquals("[Example status] Störung: Database failover", de.getSubject());
        String deText = text(de);
        assertTrue(deText.startsWith("Störung gemeldet: Database failover\n\nAuswirkung: Ausfall\nDienste:    api\n"),
                deText);
        assertTrue(deText.contains("\nWird untersucht: Looking into it\n"), deText);
        assertTrue(deText.contains("Mit einem Klick abbestellen: https://status.example.com/unsubscribe?token="), deText);
        mail(mails, "de@example.com", "[Example status] Wartung geplant: Database upgrade");

        MimeMessage en = mail(mails, "en@example.com", "[Example status] Incident: Database failover");
        String enText = text(en);
        assertTrue(enText.startsWith("Incident opened: Database failover\n\nImpact:   outage\nServices: api\n"), enText);
        assertTrue(enText.contains("\nInvestigating: Looking into it\n"), enText);
        assertTrue(enText.contains("Unsubscribe with one click: https://status.example.com/unsubscribe?token="), enText);
        mail(mails, "en@example.com", "[Example status] Maintenance planned: Database upgrade");
    }
}
