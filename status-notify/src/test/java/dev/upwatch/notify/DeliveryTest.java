package dev.upwatch.notify;

import dev.upwatch.notify.Receiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing, retries and queueing against real HTTP receivers on 127.0.0.1. */
class DeliveryTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a 32-byte key for upwatch tests!".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-24T20:01:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The default schedule's shape (at once, then two retries) in milliseconds. */
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults()
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(40))
            .withAttemptTimeout(Duration.ofSeconds(5))
            .withCloseTimeout(WAIT);

    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void duringASecretRotationEveryDeliveryCarriesOneSignaturePerSecret() throws Exception {
        String next = "whsec_" + Base64.getEncoder().encodeToString("the next 32-byte key for upwatch".getBytes(StandardCharsets.UTF_8));
        receiver = Receiver.answering(200);
        deliverOne(channel().withSecret(next + " " + SECRET), FAST);

        var request = receiver.requests().getFirst();
        List<String> signatures = List.of(request.header("webhook-signature").split(" "));
        assertEquals(List.of(independentSignature(keyOf(next), request), independentSignature(keyOf(SECRET), request)),
                signatures, "a receiver on either secret verifies");
        assertTrue(WebhookSigner.fromSecret(SECRET).verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"), NOW, Duration.ofMinutes(5)));
    }

    @Test
    void aSignedWebhookCarriesStandardWebhooksHeadersThatAnIndependentHmacAccepts() throws Exception {
        receiver = Receiver.answering(200);
        deliverOne(signedChannel(), FAST);

        var request = receiver.requests().getFirst();
        assertTrue(request.header("webhook-id").matches("msg_[0-9a-f]{32}"), request.header("webhook-id"));
        assertEquals(Long.toString(NOW.getEpochSecond()), request.header("webhook-timestamp"));
        assertEquals(independentSignature(keyOf(SECRET), request), request.header("webhook-signature"));
        assertTrue(WebhookSigner.fromSecret(SECRET).verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"), NOW));
        assertEquals("POST", request.method());
        assertEquals("application/json", request.header("Content-Type"));
    }

    @Test
    void aRawSecretSignsWithItsUtf8Bytes() throws Exception {
        receiver = Receiver.answering(200);
        deliverOne(channel().withSecret("plain text secret"), FAST);

        var request = receiver.requests().getFirst();
        assertEquals(independentSignature("plain text secret".getBytes(StandardCharsets.UTF_8), request),
                request.header("webhook-signature"));
    }

    @Test
    void anUnsignedWebhookStillCarriesItsIdAndTimestamp() throws Exception {
        receiver = Receiver.answering(200);
        deliverOne(channel(), FAST);

        var request = receiver.requests().getFirst();
        assertTrue(request.header("webhook-id").startsWith("msg_"));
        assertEquals(Long.toString(NOW.getEpochSecond()), request.header("webhook-timestamp"));
        assertNull(request.header("webhook-signature"));
    }

    @Test
    void twoServerErrorsThenSuccessTakeThreeAttemptsWithOneMessageId() throws Exception {
        receiver = Receiver.answering(500, 500, 200);
        var counts = deliverOne(signedChannel(), FAST);

        var requests = receiver.requests();
        assertEquals(3, requests.size());
        assertEquals(1, requests.stream().map(r -> r.header("webhook-id")).distinct().count(), "one webhook-id");
        for (var request : requests) {
            assertEquals(independentSignature(keyOf(SECRET), request), request.header("webhook-signature"));
        }
        assertEquals(new DeliveryCounts(1, 0, 0, 0), counts);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void aClientErrorIsNotRetried(int status) throws Exception {
        receiver = Receiver.answering(status);
        var counts = deliverOne(signedChannel(), FAST);

        assertEquals(1, receiver.requests().size());
        assertEquals(new DeliveryCounts(0, 1, 0, 0), counts);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeoutsThrottlingAndServerErrorsAreRetried(int status) throws Exception {
        receiver = Receiver.answering(status, 200);
        var counts = deliverOne(signedChannel(), FAST);

        assertEquals(2, receiver.requests().size());
        assertEquals(new DeliveryCounts(1, 0, 0, 0), counts);
    }

    @Test
    void afterTheLastAttemptItGivesUp() throws Exception {
        receiver = Receiver.answering(500, 500, 500, 500);
        var counts = deliverOne(signedChannel(), FAST);

        assertEquals(3, receiver.requests().size());
        assertEquals(new DeliveryCounts(0, 1, 0, 0), counts);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void redirectsAreNotFollowed(int status) throws Exception {
        receiver = Receiver.answering(Reply.status(status).withHeader("Location", "/elsewhere"));
        var counts = deliverOne(signedChannel(), FAST);

        assertEquals(List.of("/hook"), receiver.requests().stream().map(Receiver.Request::path).toList());
        assertEquals(new DeliveryCounts(0, 1, 0, 0), counts);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() throws Exception {
        var never = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(200).heldUntil(never), Reply.status(200));
        var counts = deliverOne(signedChannel(), FAST.withAttemptTimeout(Duration.ofMillis(300)));

        var requests = receiver.requests();
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"));
        assertEquals(new DeliveryCounts(1, 0, 0, 0), counts);
    }

    @Test
    void anUnreachableReceiverIsRetriedThenGivenUp() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = ChannelSettings.of("gone", ChannelType.WEBHOOK, URI.create("http://127.0.0.1:" + closedPort + "/hook"));

        assertEquals(new DeliveryCounts(0, 1, 0, 0), deliverOne(unreachable, FAST));
    }

    @Test
    void retryAfterIsWaitedOut() throws Exception {
        receiver = Receiver.answering(Reply.status(503).withHeader("Retry-After", "1"), Reply.status(200));
        var counts = deliverOne(signedChannel(), FAST);

        var requests = receiver.requests();
        assertEquals(2, requests.size());
        Duration gap = Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
        assertTrue(gap.compareTo(Duration.ofSeconds(1)) >= 0, "second attempt after " + gap.toMillis() + " ms");
        assertEquals(new DeliveryCounts(1, 0, 0, 0), counts);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-24T20:01:05Z");

        assertEquals(Optional.of(Duration.ofSeconds(120)), HttpTransport.parseRetryAfter(" 120 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(55)), HttpTransport.parseRetryAfter("Tue, 24 Nov 2026 20:02:00 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), HttpTransport.parseRetryAfter("Tue, 24 Nov 2026 20:00:00 GMT", now));
        assertEquals(Optional.empty(), HttpTransport.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), HttpTransport.parseRetryAfter("-5", now));
    }

    @Test
    void aRetryAfterBeyondTheLongestWaitGivesUp() throws Exception {
        receiver = Receiver.answering(Reply.status(429).withHeader("Retry-After", "86400"));
        var counts = deliverOne(signedChannel(), FAST);

        assertEquals(1, receiver.requests().size());
        assertEquals(new DeliveryCounts(0, 1, 0, 0), counts);
    }

    @Test
    void statusChangedReturnsBeforeASlowReceiverAnswers() throws Exception {
        var release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(200).heldUntil(release));
        try (var notifier = new WebhookNotifier(List.of(signedChannel()), CLOCK, Optional.empty(), FAST)) {
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> notifier.statusChanged(Changes.down()));

            receiver.awaitRequest(WAIT); // the request is at the receiver, which has not answered: the call did not wait
            assertEquals(1, notifier.counts().pending());
            release.countDown();
        }
        // close() waited for the answer
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        var release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(200).heldUntil(release));
        DeliveryCounts counts;
        try (var notifier = new WebhookNotifier(List.of(signedChannel()), CLOCK, Optional.empty(), FAST.withQueueCapacity(1))) {
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                notifier.statusChanged(Changes.down());
                notifier.statusChanged(Changes.up());
                notifier.statusChanged(Changes.degraded());
            });
            assertEquals(new DeliveryCounts(0, 0, 2, 1), notifier.counts());
            receiver.awaitRequest(WAIT);
            release.countDown();
            notifier.close();
            counts = notifier.counts();
        }
        assertEquals(new DeliveryCounts(1, 0, 2, 0), counts);
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void closeWaitsABoundedTimeThenAbandons() throws Exception {
        receiver = Receiver.answering(Reply.status(200).heldUntil(new CountDownLatch(1)));
        var notifier = new WebhookNotifier(List.of(signedChannel()), CLOCK, Optional.empty(),
                FAST.withAttemptTimeout(Duration.ofSeconds(30)).withCloseTimeout(Duration.ofMillis(200)));
        notifier.statusChanged(Changes.down());
        receiver.awaitRequest(WAIT);

        long started = System.nanoTime();
        notifier.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(closing.compareTo(Duration.ofSeconds(5)) < 0, "close took " + closing.toMillis() + " ms");
        assertEquals(new DeliveryCounts(0, 1, 0, 0), notifier.counts());
        notifier.statusChanged(Changes.up());
        assertEquals(new DeliveryCounts(0, 1, 1, 0), notifier.counts(), "a closed notifier drops");
    }

    /** Sends one DOWN change through {@code channel}, closes the notifier (which waits for it) and returns the counts. */
    private static DeliveryCounts deliverOne(ChannelSettings channel, DeliveryPolicy policy) {
        var notifier = new WebhookNotifier(List.of(channel), CLOCK, Optional.empty(), policy);
        notifier.statusChanged(Changes.down());
        notifier.close();
        return notifier.counts();
    }

    private ChannelSettings channel() {
        return new ChannelSettings("hook", ChannelType.WEBHOOK, receiver.url("/hook"), Optional.empty(),
                EnumSet.allOf(EventType.class));
    }

    private ChannelSettings signedChannel() {
        return channel().withSecret(SECRET);
    }

    private static byte[] keyOf(String whsecSecret) {
        return Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    }

    /** Standard Webhooks v1 written out with javax.crypto, independent of {@link WebhookSigner}. */
    private static String independentSignature(byte[] key, Receiver.Request request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
    }
}
