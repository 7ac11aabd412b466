package dev.upwatch.persistence;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.OutboxStore;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.upwatch.persistence.schema.Tables.NOTIFICATION_CHANNEL_DISABLED;
import static dev.upwatch.persistence.schema.Tables.NOTIFICATION_DELIVERY;
import static dev.upwatch.persistence.schema.Tables.NOTIFICATION_OUTBOX;

/**
 * {@link OutboxStore} on the {@code notification_outbox}, {@code notification_delivery} and
 * {@code notification_channel_disabled} tables, for PostgreSQL and H2 alike. Instants are kept to the microsecond;
 * error texts longer than {@value #ERROR_MAX_CHARS} characters are cut.
 *
 * <p>Every write is made durable before it returns ({@link Vendor#flushCommits}): on H2 a process killed within
 * H2's write delay would otherwise lose a message it had reported stored (found by the crash test).
 */
final class JooqOutboxStore implements OutboxStore {
    static final int ERROR_MAX_CHARS = 1000;

    private final DSLContext dsl;
    private final Vendor vendor;

    JooqOutboxStore(DSLContext dsl, Vendor vendor) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
    }

    @Override
    public void enqueue(List<OutboxMessage> messages) {
        List<OutboxMessage> batch = List.copyOf(messages);
        if (batch.isEmpty()) {
            return;
        }
        dsl.transaction(tx -> insert(tx.dsl(), batch));
        vendor.flushCommits(dsl);
    }

    /** Inserts {@code messages} in the caller's transaction; a message whose (id, channel) is stored is left as it is. */
    static void insert(DSLContext tx, List<OutboxMessage> messages) {
        for (OutboxMessage m : messages) {
            tx.insertInto(NOTIFICATION_OUTBOX)
                    .set(NOTIFICATION_OUTBOX.MESSAGE_ID, m.id())
                    .set(NOTIFICATION_OUTBOX.CHANNEL, m.channel())
                    .set(NOTIFICATION_OUTBOX.EVENT_TYPE, m.eventType())
                    .set(NOTIFICATION_OUTBOX.BODY, StoredText.storable(m.body()))
                    .set(NOTIFICATION_OUTBOX.CREATED_AT, toDatabase(m.createdAt()))
                    .set(NOTIFICATION_OUTBOX.ATTEMPTS, m.attempts())
                    .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, toDatabase(m.nextAttemptAt()))
                    .set(NOTIFICATION_OUTBOX.STATE, code(m.state()))
                    .set(NOTIFICATION_OUTBOX.SUBJECT, m.subject().orElse(null))
                    .onConflictDoNothing()
                    .execute();
        }
    }

    @Override
    public List<OutboxMessage> pending() {
        var o = NOTIFICATION_OUTBOX;
        return dsl.select(o.MESSAGE_ID, o.CHANNEL, o.EVENT_TYPE, o.BODY, o.CREATED_AT, o.ATTEMPTS, o.NEXT_ATTEMPT_AT, o.STATE,
                        o.SUBJECT)
                .from(o)
                .where(o.STATE.eq(code(DeliveryState.PENDING)))
                .orderBy(o.CREATED_AT, o.SEQ)
                .fetch(r -> new OutboxMessage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(),
                        r.value6(), r.value7().toInstant(), state(r.value8()), Optional.ofNullable(r.value9())));
    }

    /**
     * One conditional update: the claim is taken only while the message is pending and not held by another owner
     * beyond {@code now}, so of two relays racing for it one wins.
     */
    @Override
    public boolean claim(String messageId, String channel, String owner, Instant now, Instant until) {
        var o = NOTIFICATION_OUTBOX;
        return dsl.update(o)
                .set(o.LEASE_OWNER, owner)
                .set(o.LEASE_UNTIL, toDatabase(until))
                .where(o.MESSAGE_ID.eq(messageId)).and(o.CHANNEL.eq(channel))
                .and(o.STATE.eq(code(DeliveryState.PENDING)))
                .and(o.LEASE_UNTIL.isNull().or(o.LEASE_UNTIL.le(toDatabase(now))).or(o.LEASE_OWNER.eq(owner)))
                .execute() == 1;
    }

    @Override
    public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            int updated = t.update(NOTIFICATION_OUTBOX)
                    .set(NOTIFICATION_OUTBOX.ATTEMPTS, attempt.attempt())
                    .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, toDatabase(nextAttemptAt))
                    .set(NOTIFICATION_OUTBOX.STATE, code(attempt.outcome()))
                    .setNull(NOTIFICATION_OUTBOX.LEASE_OWNER)
                    .setNull(NOTIFICATION_OUTBOX.LEASE_UNTIL)
                    .where(NOTIFICATION_OUTBOX.MESSAGE_ID.eq(attempt.messageId()))
                    .and(NOTIFICATION_OUTBOX.CHANNEL.eq(attempt.channel()))
                    .execute();
            if (updated == 0) {
                throw new IllegalArgumentException("no message " + attempt.messageId() + " for channel " + attempt.channel());
            }
            t.insertInto(NOTIFICATION_DELIVERY)
                    .set(NOTIFICATION_DELIVERY.MESSAGE_ID, attempt.messageId())
                    .set(NOTIFICATION_DELIVERY.CHANNEL, attempt.channel())
                    .set(NOTIFICATION_DELIVERY.EVENT_TYPE, attempt.eventType())
                    .set(NOTIFICATION_DELIVERY.ATTEMPT, attempt.attempt())
                    .set(NOTIFICATION_DELIVERY.ATTEMPTED_AT, toDatabase(attempt.at()))
                    .set(NOTIFICATION_DELIVERY.STATUS_CODE, attempt.statusCode().isPresent()
                            ? Integer.valueOf(attempt.statusCode().getAsInt()) : null)
                    .set(NOTIFICATION_DELIVERY.LATENCY_US, attempt.latency().toNanos() / 1000)
                    .set(NOTIFICATION_DELIVERY.ERROR, attempt.error().map(JooqOutboxStore::errorText).orElse(null))
                    .set(NOTIFICATION_DELIVERY.OUTCOME, code(attempt.outcome()))
                    .execute();
        });
        vendor.flushCommits(dsl);
    }

    /** One conditional update (only a dead message revives), then the message as it is now. */
    @Override
    public Optional<OutboxMessage> revive(String messageId, String channel, Instant now) {
        var o = NOTIFICATION_OUTBOX;
        int updated = dsl.update(o)
                .set(o.STATE, code(DeliveryState.PENDING))
                .set(o.ATTEMPTS, 0)
                .set(o.NEXT_ATTEMPT_AT, toDatabase(now))
                .setNull(o.LEASE_OWNER)
                .setNull(o.LEASE_UNTIL)
                .where(o.MESSAGE_ID.eq(messageId)).and(o.CHANNEL.eq(channel))
                .and(o.STATE.eq(code(DeliveryState.DEAD)))
                .execute();
        vendor.flushCommits(dsl);
        if (updated == 0) {
            return Optional.empty();
        }
        return dsl.select(o.MESSAGE_ID, o.CHANNEL, o.EVENT_TYPE, o.BODY, o.CREATED_AT, o.ATTEMPTS, o.NEXT_ATTEMPT_AT,
                        o.STATE, o.SUBJECT)
                .from(o)
                .where(o.MESSAGE_ID.eq(messageId)).and(o.CHANNEL.eq(channel))
                .fetchOptional(r -> new OutboxMessage(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5().toInstant(), r.value6(), r.value7().toInstant(), state(r.value8()),
                        Optional.ofNullable(r.value9())));
    }

    @Override
    public List<DeliveryAttempt> deliveries(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        var d = NOTIFICATION_DELIVERY;
        return dsl.select(d.MESSAGE_ID, d.CHANNEL, d.EVENT_TYPE, d.ATTEMPT, d.ATTEMPTED_AT, d.STATUS_CODE,
                        d.LATENCY_US, d.ERROR, d.OUTCOME)
                .from(d)
                .orderBy(d.ID.desc())
                .limit(limit)
                .fetch(r -> new DeliveryAttempt(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(),
                        r.value6() == null ? OptionalInt.empty() : OptionalInt.of(r.value6()),
                        Duration.ofNanos(r.value7() * 1000), Optional.ofNullable(r.value8()), state(r.value9())));
    }

    @Override
    public void disable(DisabledChannel channel) {
        Objects.requireNonNull(channel, "channel");
        var c = NOTIFICATION_CHANNEL_DISABLED;
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            t.deleteFrom(c).where(c.CHANNEL.eq(channel.channel())).execute();
            t.insertInto(c)
                    .set(c.CHANNEL, channel.channel())
                    .set(c.URL_FINGERPRINT, channel.urlFingerprint())
                    .set(c.DISABLED_AT, toDatabase(channel.at()))
                    .set(c.REASON, errorText(channel.reason()))
                    .execute();
            t.update(NOTIFICATION_OUTBOX)
                    .set(NOTIFICATION_OUTBOX.STATE, code(DeliveryState.DEAD))
                    .where(NOTIFICATION_OUTBOX.CHANNEL.eq(channel.channel()))
                    .and(NOTIFICATION_OUTBOX.STATE.eq(code(DeliveryState.PENDING)))
                    .execute();
        });
        vendor.flushCommits(dsl);
    }

    @Override
    public List<DisabledChannel> disabledChannels() {
        var c = NOTIFICATION_CHANNEL_DISABLED;
        return dsl.select(c.CHANNEL, c.URL_FINGERPRINT, c.DISABLED_AT, c.REASON)
                .from(c)
                .orderBy(c.CHANNEL)
                .fetch(r -> new DisabledChannel(r.value1(), r.value2(), r.value3().toInstant(), r.value4()));
    }

    @Override
    public int prune(Instant before) {
        Objects.requireNonNull(before, "before");
        OffsetDateTime cutoff = toDatabase(before);
        int removed = dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            t.deleteFrom(NOTIFICATION_DELIVERY).where(NOTIFICATION_DELIVERY.ATTEMPTED_AT.lt(cutoff)).execute();
            return t.deleteFrom(NOTIFICATION_OUTBOX)
                    .where(NOTIFICATION_OUTBOX.STATE.ne(code(DeliveryState.PENDING)))
                    .and(NOTIFICATION_OUTBOX.CREATED_AT.lt(cutoff))
                    .execute();
        });
        vendor.flushCommits(dsl);
        return removed;
    }

    private static String errorText(String text) {
        return StoredText.storable(text, ERROR_MAX_CHARS);
    }

    private static short code(DeliveryState state) {
        return switch (state) {
            case PENDING -> 0;
            case DELIVERED -> 1;
            case DEAD -> 2;
        };
    }

    private static DeliveryState state(short code) {
        return switch (code) {
            case 0 -> DeliveryState.PENDING;
            case 1 -> DeliveryState.DELIVERED;
            case 2 -> DeliveryState.DEAD;
            default -> throw new IllegalStateException("unknown delivery state code " + code);
        };
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
