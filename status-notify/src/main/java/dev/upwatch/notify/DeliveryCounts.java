package dev.upwatch.notify;

/**
 * What a {@link WebhookNotifier} has done so far, one count per (event, channel) notification.
 *
 * @param delivered accepted by the receiver with a 2xx
 * @param failed    given up: rejected with a 3xx or 4xx, attempts exhausted, or abandoned on close
 * @param dropped   never attempted: the queue was full or the notifier closed
 * @param pending   waiting, in flight or waiting to retry
 */
public record DeliveryCounts(long delivered, long failed, long dropped, int pending) {
}
