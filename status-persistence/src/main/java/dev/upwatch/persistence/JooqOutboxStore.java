package dev.upwatch.persistence;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.OutboxStore;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.Record;
import org.jooq.SQLDialect;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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
 *
 * <p>Shared (a cluster on PostgreSQL): claims are taken under the node's id, wait for the older pending messages of
 * the channel and subject and give up older ones waiting for a retry, all in one transaction; idle messages are picked
 * up with {@code FOR UPDATE SKIP LOCKED}; storing messages and finishing one a newer one waits behind run
 * {@code pg_notify('}{@value #CHANNEL}{@code ')} in the writing transaction, which {@link PostgresListener} hears.
 */
final class JooqOutboxStore implements OutboxStore {
    static final int ERROR_MAX_CHARS = 1000;

    /** The LISTEN/NOTIFY channel told of new and finished outbox messages. */
    static final String CHANNEL = "upwatch_outbox";

    private final DSLContext dsl;
    private final Vendor vendor;
    /** The node's id when shared, else {@code local}. */
    private final String relay;
    /** Where {@link #watch} listens: present when shared. */
    private final Optional<DatabaseSettings> listenOn;

    /** The outbox of one process. */
    JooqOutboxStore(DSLContext dsl, Vendor vendor) {
        this(dsl, vendor, "local", Optional.empty());
    }

    /** The outbox shared by the cluster's nodes on PostgreSQL; this one claims as {@code node}. */
    JooqOutboxStore(DSLContext dsl, DatabaseSettings settings, String node) {
        this(dsl, Vendor.POSTGRESQL, node, Optional.of(settings));
    }

    private JooqOutboxStore(DSLContext dsl, Vendor vendor, String relay, Optional<DatabaseSettings> listenOn) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.listenOn = Objects.requireNonNull(listenOn, "listenOn");
    }

    @Override
    public boolean shared() {
        return listenOn.isPresent();
    }

    @Override
    public String relay() {
        return relay;
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
        if (!messages.isEmpty()) {
            notifyRelays(tx);
        }
    }

    /**
     * Plain SQL, shared only: the outbox row aliased {@code row} is held by no live node, so a node may take it or give
     * it up; binds one instant, {@code now}. A holder is dead when the cluster's registry ({@code cluster_node}) has no
     * live heartbeat for it, by the database's clock, <em>and</em> its claim ran out by {@code now}: a live node keeps
     * what it holds however slow its receiver or its own process, and a claim end written with one node's clock and read
     * with another's decides only how long a dead node's message waits, never whether two nodes send it.
     */
    private static String unheld(String row) {
        return " (%1$s.lease_owner is null or (%1$s.lease_until <= cast(? as timestamp with time zone) and %2$s)) "
                .formatted(row, holderDead(row));
    }

    /**
     * Plain SQL, shared only: the node holding the outbox row aliased {@code row} has no live heartbeat in the
     * cluster's registry ({@code cluster_node}), by the database's clock; binds nothing.
     */
    private static String holderDead(String row) {
        return "not exists (select 1 from cluster_node n where n.node_id = %1$s.lease_owner and n.live_until > clock_timestamp())"
                .formatted(row);
    }

    /** Tells every listening relay, at the commit of {@code tx}, that the outbox changed (PostgreSQL only). */
    private static void notifyRelays(DSLContext tx) {
        if (tx.dialect().family() == SQLDialect.POSTGRES) {
            tx.fetch("select pg_notify(?, '')", CHANNEL);
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
        if (shared()) {
            return claimInOrder(messageId, channel, owner, now, until);
        }
        var o = NOTIFICATION_OUTBOX;
        return dsl.update(o)
                .set(o.LEASE_OWNER, owner)
                .set(o.LEASE_UNTIL, toDatabase(until))
                .where(o.MESSAGE_ID.eq(messageId)).and(o.CHANNEL.eq(channel))
                .and(o.STATE.eq(code(DeliveryState.PENDING)))
                .and(o.LEASE_UNTIL.isNull().or(o.LEASE_UNTIL.le(toDatabase(now))).or(o.LEASE_OWNER.eq(owner)))
                .execute() == 1;
    }

    /**
     * The shared claim, in one transaction: older pending messages of the channel and subject that failed and wait
     * for a retry on whichever node are given up (superseded, as {@code Lanes} does on one node); then the message
     * is claimed only when no older one of its channel and subject is still pending, so the order holds across nodes.
     */
    private boolean claimInOrder(String messageId, String channel, String owner, Instant now, Instant until) {
        Field<OffsetDateTime> at = instant(now);
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            var superseded = t.fetch("""
                    update notification_outbox p set state = 2, lease_owner = null, lease_until = null
                    from notification_outbox m
                    where m.message_id = ? and m.channel = ? and m.state = 0
                      and p.channel = m.channel and p.subject = m.subject and p.seq < m.seq
                      and p.state = 0 and p.attempts > 0 and""" + unheld("p") + """
                    returning p.message_id, p.event_type, p.attempts""", messageId, channel, at);
            for (Record older : superseded) {
                logAttempt(t, new DeliveryAttempt(older.get(0, String.class), channel, older.get(1, String.class),
                        older.get(2, Integer.class) + 1, now, OptionalInt.empty(), Duration.ZERO,
                        Optional.of("superseded by the newer message " + messageId + "; not sent"), DeliveryState.DEAD));
            }
            return t.execute("""
                    update notification_outbox o set lease_owner = ?, lease_until = cast(? as timestamp with time zone)
                    where o.message_id = ? and o.channel = ? and o.state = 0
                      and (o.lease_owner = ? or""" + unheld("o") + """
                    )
                      and not exists (select 1 from notification_outbox p where p.channel = o.channel
                                      and p.subject = o.subject and p.state = 0 and p.seq < o.seq)""",
                    owner, instant(until), messageId, channel, owner, at) == 1;
        });
    }

    @Override
    public List<OutboxMessage> pickUp(String owner, Set<String> channels, Instant now, Instant until, int limit) {
        if (!shared() || channels.isEmpty() || limit < 1) {
            return List.of();
        }
        Field<OffsetDateTime> at = instant(now);
        return dsl.fetch("""
                        update notification_outbox o set lease_owner = ?, lease_until = cast(? as timestamp with time zone)
                        from (select c.message_id, c.channel from notification_outbox c
                              where c.state = 0 and c.channel = any(cast(? as varchar[])) and c.next_attempt_at <= cast(? as timestamp with time zone)
                                and ((c.lease_owner = ? and c.lease_until <= cast(? as timestamp with time zone))
                                     or""" + unheld("c") + """
                                )
                                and not exists (select 1 from notification_outbox p where p.channel = c.channel
                                                and p.subject = c.subject and p.state = 0 and p.seq < c.seq)
                              order by c.created_at, c.seq
                              limit ?
                              for update of c skip locked) picked
                        where o.message_id = picked.message_id and o.channel = picked.channel
                        returning o.message_id, o.channel, o.event_type, o.body, o.created_at, o.attempts,
                                  o.next_attempt_at, o.subject, o.seq""",
                        owner, instant(until), DSL.val(channels.toArray(String[]::new), SQLDataType.VARCHAR.array()),
                        at, owner, at, at, limit)
                .stream()
                .sorted(Comparator.comparing((Record r) -> r.get(4, OffsetDateTime.class))
                        .thenComparing(r -> r.get(8, Long.class)))
                .map(r -> new OutboxMessage(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, OffsetDateTime.class).toInstant(), r.get(5, Integer.class),
                        r.get(6, OffsetDateTime.class).toInstant(), DeliveryState.PENDING,
                        Optional.ofNullable(r.get(7, String.class))))
                .toList();
    }

    @Override
    public AutoCloseable watch(Runnable wake) {
        Objects.requireNonNull(wake, "wake");
        if (listenOn.isEmpty()) {
            return () -> { };
        }
        PostgresListener signal = new PostgresListener(listenOn.get(), CHANNEL, "upwatch-outbox-signal");
        signal.start((connection, payloads) -> wake.run());
        return signal;
    }

    /**
     * Shared, a failed attempt to be retried while a newer message of its channel and subject is pending (on whichever
     * node) is given up instead, as {@code Lanes} does on one node; and a message that ends notifies the relays, so
     * the next one of its channel and subject is picked up at once. Shared, only a pending message this node holds, or
     * no live node holds (by the heartbeat alone: a dead holder sends nothing more), moves on: the attempt of a node whose message another took over (it was dead by the heartbeat
     * meanwhile) is logged with a note and changes nothing, so it can neither end the new holder's claim nor make the
     * message pending again behind its back.
     */
    @Override
    public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            DeliveryAttempt recorded = shared() && attempt.outcome() == DeliveryState.PENDING && newerPending(t, attempt)
                    ? new DeliveryAttempt(attempt.messageId(), attempt.channel(), attempt.eventType(), attempt.attempt(),
                    attempt.at(), attempt.statusCode(), attempt.latency(),
                    Optional.of(attempt.error().orElse("failed") + "; superseded by a newer message, not retried"),
                    DeliveryState.DEAD)
                    : attempt;
            int updated = t.update(NOTIFICATION_OUTBOX)
                    .set(NOTIFICATION_OUTBOX.ATTEMPTS, recorded.attempt())
                    .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, toDatabase(nextAttemptAt))
                    .set(NOTIFICATION_OUTBOX.STATE, code(recorded.outcome()))
                    .setNull(NOTIFICATION_OUTBOX.LEASE_OWNER)
                    .setNull(NOTIFICATION_OUTBOX.LEASE_UNTIL)
                    .where(NOTIFICATION_OUTBOX.MESSAGE_ID.eq(recorded.messageId()))
                    .and(NOTIFICATION_OUTBOX.CHANNEL.eq(recorded.channel()))
                    .and(shared() ? DSL.condition("notification_outbox.state = 0 and (notification_outbox.lease_owner is null"
                            + " or notification_outbox.lease_owner = ? or " + holderDead("notification_outbox") + ")", relay)
                            : DSL.noCondition())
                    .execute();
            if (updated == 0) {
                Optional<String> holder = t.select(NOTIFICATION_OUTBOX.LEASE_OWNER).from(NOTIFICATION_OUTBOX)
                        .where(NOTIFICATION_OUTBOX.MESSAGE_ID.eq(recorded.messageId()))
                        .and(NOTIFICATION_OUTBOX.CHANNEL.eq(recorded.channel()))
                        .fetchOptional(r -> Objects.requireNonNullElse(r.value1(), "nobody"));
                if (holder.isEmpty()) {
                    throw new IllegalArgumentException("no message " + attempt.messageId() + " for channel "
                            + attempt.channel());
                }
                // Another live node holds it, or it is no longer pending: the attempt is history, the message is not ours.
                logAttempt(t, new DeliveryAttempt(recorded.messageId(), recorded.channel(), recorded.eventType(),
                        recorded.attempt(), recorded.at(), recorded.statusCode(), recorded.latency(),
                        Optional.of(recorded.error().map(e -> e + "; ").orElse("") + "not applied: held by "
                                + holder.get() + " or no longer pending"), recorded.outcome()));
                return;
            }
            logAttempt(t, recorded);
            if (shared() && recorded.outcome() != DeliveryState.PENDING) {
                notifyRelays(t);
            }
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

    /** True when a message of the attempt's channel and subject stored after it is pending. */
    private static boolean newerPending(DSLContext t, DeliveryAttempt attempt) {
        return t.fetchExists(t.selectOne().from("notification_outbox p join notification_outbox m"
                        + " on m.channel = p.channel and m.subject = p.subject and m.seq < p.seq")
                .where("m.message_id = ? and m.channel = ? and p.state = 0", attempt.messageId(), attempt.channel()));
    }

    /** Appends {@code attempt} to the delivery log in the caller's transaction. */
    private static void logAttempt(DSLContext t, DeliveryAttempt attempt) {
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

    /** {@code instant} as a typed bind value of plain SQL. */
    private static Field<OffsetDateTime> instant(Instant instant) {
        return DSL.val(toDatabase(instant), NOTIFICATION_OUTBOX.LEASE_UNTIL);
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
