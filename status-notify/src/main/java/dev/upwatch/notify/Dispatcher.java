package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Delivers notifications off the caller's thread: a timer waits out the attempt delays, a small pool starts
 * each attempt, and the JDK client sends it asynchronously, so neither waiting nor slow receivers hold a thread
 * per notification. At most {@link DeliveryPolicy#queueCapacity()} notifications are pending; more are dropped.
 * 2xx is delivered; 408, 429, 5xx, timeouts and I/O errors are retried (at least {@code Retry-After} later);
 * any other status (redirects are not followed) is given up at once.
 */
final class Dispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    /** A receiver asking to wait longer than this gets no retry: a status alert that late is of little use. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(15);
    /** After the first drop, one warning per this many drops, so a full queue does not flood the log. */
    private static final long DROP_WARNING_EVERY = 100;
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    private final Clock clock;
    private final DeliveryPolicy policy;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService starter;
    private final HttpClient http;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Set<Delivery> live = ConcurrentHashMap.newKeySet();
    private final Object drained = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong deliveredCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong droppedCount = new AtomicLong();

    Dispatcher(Clock clock, DeliveryPolicy policy) {
        this.clock = clock;
        this.policy = policy;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("upwatch-notify-timer").daemon().factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.starter = Executors.newCachedThreadPool(Thread.ofPlatform().name("upwatch-notify-", 1).daemon().factory());
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.attemptTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .executor(starter)
                .build();
    }

    /** Queues {@code event} for {@code channel}; never blocks. False when dropped (queue full or closed). */
    boolean submit(Channel channel, Event event) {
        if (closed.get()) {
            drop(channel, event, "the notifier is closed");
            return false;
        }
        if (reserved.incrementAndGet() > policy.queueCapacity()) {
            reserved.decrementAndGet();
            drop(channel, event, "the queue is full (" + policy.queueCapacity() + " pending)");
            return false;
        }
        Delivery delivery = new Delivery(channel, event);
        live.add(delivery);
        schedule(delivery, policy.attemptDelays().getFirst());
        return true;
    }

    DeliveryCounts counts() {
        return new DeliveryCounts(deliveredCount.get(), failedCount.get(), droppedCount.get(), live.size());
    }

    private void drop(Channel channel, Event event, String why) {
        long dropped = droppedCount.incrementAndGet();
        if (dropped == 1 || dropped % DROP_WARNING_EVERY == 0) {
            LOG.log(System.Logger.Level.WARNING, "dropped " + label(event) + " for " + channel.describe() + ": " + why
                    + " (" + dropped + " dropped so far)");
        }
    }

    private void schedule(Delivery delivery, Duration delay) {
        try {
            timer.schedule(() -> start(delivery), delay.toNanos(), TimeUnit.NANOSECONDS);
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
        if (!live.contains(delivery)) {
            return; // abandoned by close()
        }
        int number = ++delivery.attempts;
        try {
            var request = delivery.channel.request(delivery.event, delivery.body(), clock.instant(), policy.attemptTimeout());
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .orTimeout(policy.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .whenComplete((response, error) -> answered(delivery, number, response, error));
        } catch (RuntimeException e) {
            // A payload that cannot be rendered or a request the client refuses will not improve with retries.
            LOG.log(System.Logger.Level.ERROR, "cannot send " + label(delivery.event) + " to " + delivery.channel.describe(), e);
            finish(delivery, false, null);
        }
    }

    private void answered(Delivery delivery, int number, HttpResponse<Void> response, Throwable error) {
        if (!live.contains(delivery)) {
            return; // abandoned by close(), which shut the client down under it
        }
        if (error != null) {
            retryOrGiveUp(delivery, number, describe(error), Optional.empty());
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            LOG.log(System.Logger.Level.DEBUG, () -> "delivered " + label(delivery.event) + " to "
                    + delivery.channel.describe() + " on attempt " + number + " (HTTP " + status + ")");
            finish(delivery, true, null);
        } else if (status == 408 || status == 429 || status >= 500) {
            retryOrGiveUp(delivery, number, "HTTP " + status, retryAfter(response, clock.instant()));
        } else if (status >= 300 && status < 400) {
            finish(delivery, false, "HTTP " + status + " on attempt " + number
                    + "; redirects are not followed, configure the final URL");
        } else {
            finish(delivery, false, "HTTP " + status + " on attempt " + number + "; the receiver rejected it, not retrying");
        }
    }

    private void retryOrGiveUp(Delivery delivery, int number, String problem, Optional<Duration> retryAfter) {
        if (number >= policy.attempts()) {
            finish(delivery, false, "gave up after " + number + " attempt" + (number == 1 ? "" : "s") + ", last: " + problem);
            return;
        }
        Duration delay = policy.attemptDelays().get(number);
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(LONGEST_RETRY_AFTER) > 0) {
                finish(delivery, false, problem + " asking to retry after " + DurationText.format(retryAfter.get())
                        + ", longer than the " + DurationText.format(LONGEST_RETRY_AFTER) + " a notification is kept");
                return;
            }
            if (retryAfter.get().compareTo(delay) > 0) {
                delay = retryAfter.get();
            }
        }
        Duration wait = delay;
        LOG.log(System.Logger.Level.INFO, () -> "attempt " + number + " of " + policy.attempts() + " to send "
                + label(delivery.event) + " to " + delivery.channel.describe() + " failed (" + problem
                + "); retrying in " + DurationText.format(wait));
        schedule(delivery, delay);
    }

    /** Ends a delivery once: counts it, logs a failure (when {@code problem} is given) and frees its place. */
    private void finish(Delivery delivery, boolean delivered, String problem) {
        if (!live.remove(delivery)) {
            return; // already abandoned by close()
        }
        if (delivered) {
            deliveredCount.incrementAndGet();
        } else {
            failedCount.incrementAndGet();
            if (problem != null) {
                LOG.log(System.Logger.Level.WARNING, "could not send " + label(delivery.event) + " to "
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

    /** Waits up to the close timeout for pending notifications, then abandons the rest and stops every thread. */
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
        int abandoned = 0;
        for (Delivery delivery : live) {
            if (live.remove(delivery)) {
                abandoned++;
                failedCount.incrementAndGet();
            }
        }
        if (abandoned > 0) {
            LOG.log(System.Logger.Level.WARNING, "closing with " + abandoned + " notification" + (abandoned == 1 ? "" : "s")
                    + " undelivered after waiting " + DurationText.format(policy.closeTimeout()));
        }
        timer.shutdownNow();
        http.shutdownNow();
        starter.shutdownNow();
    }

    /** The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response, Instant now) {
        return response.headers().firstValue("Retry-After").flatMap(value -> parseRetryAfter(value, now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String text = value.trim();
        if (SECONDS.matcher(text).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within " + DurationText.format(policy.attemptTimeout());
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String label(Event event) {
        return event.type().wireName() + " of " + event.monitor().id() + " (" + event.id() + ")";
    }

    /** One event on its way to one channel; attempts run one at a time, each started after the previous ended. */
    private static final class Delivery {
        final Channel channel;
        final Event event;
        int attempts;
        private byte[] body;

        Delivery(Channel channel, Event event) {
            this.channel = channel;
            this.event = event;
        }

        /** The rendered payload, the same bytes on every attempt. */
        byte[] body() {
            if (body == null) {
                body = channel.format().render(event);
            }
            return body;
        }
    }
}
