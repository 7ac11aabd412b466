package dev.upwatch.persistence;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.upwatch.persistence.schema.Tables.SAMPLE;
import static dev.upwatch.persistence.schema.Tables.SAMPLE_BLOCK;

/**
 * Keeps raw samples for the retention period and no longer, packs those of closed days, and on PostgreSQL keeps the
 * day partitions ready.
 *
 * <p>On PostgreSQL the {@code sample} table is partitioned by UTC day ({@code sample_pYYYYMMDD}, see
 * {@code V5_1__sample_partitioned.sql}): each run makes the partitions from today to {@value #DAYS_AHEAD} days
 * ahead (moving any rows of those days out of {@code sample_default}), and drops every day partition that ended
 * before {@code now - retention}: no row-by-row delete, no table bloat. The default partition's old rows are deleted.
 * On H2 old rows are deleted in chunks of {@value #DELETE_CHUNK}, each in its own transaction, so a long backlog
 * never holds one huge transaction.
 *
 * <p>Then every raw sample that started before today (UTC) is packed into {@code sample_block} rows, one per monitor
 * and hour ({@link SampleCompaction}; a closed day partition is packed and dropped in one transaction), and blocks
 * that ended before {@code now - retention} are deleted. Samples are thus kept for the retention period plus at
 * most one hour (one day for raw partitions).
 *
 * <p>{@link #start} runs it once after {@link #FIRST_RUN} and then every {@link #PERIOD} on one daemon thread; a failing run is logged
 * and retried at the next period (the database may be down, samples then wait in the write buffer).
 */
public final class SampleMaintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SampleMaintenance.class.getName());
    /** How often the maintenance runs. */
    public static final Duration PERIOD = Duration.ofHours(1);
    /**
     * How long after {@link #start} the first run waits: its fold of what a crashed run left in the journal holds
     * every sample read for a few seconds, and a start restores the statuses and serves its first page meanwhile.
     */
    static final Duration FIRST_RUN = Duration.ofMinutes(1);
    /** Days after today that get their partition ahead of time. */
    static final int DAYS_AHEAD = 3;
    /** Rows per retention DELETE on H2. */
    static final int DELETE_CHUNK = 10_000;
    private static final String PARTITION_PREFIX = "sample_p";
    private static final DateTimeFormatter DAY_SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * What one run did.
     *
     * @param partitionsCreated day partitions made (PostgreSQL)
     * @param partitionsDropped day partitions dropped because they ended before the cut-off (PostgreSQL)
     * @param rowsDeleted       old rows deleted (H2, and PostgreSQL's default partition)
     * @param samplesPacked     raw samples of closed days, and samples of the journal (H2), packed into blocks
     * @param blocksDeleted     blocks deleted because they ended before the cut-off
     */
    public record Result(int partitionsCreated, int partitionsDropped, long rowsDeleted, long samplesPacked,
                         long blocksDeleted) {
    }

    private final DSLContext dsl;
    private final Vendor vendor;
    private final Duration retention;
    private final Clock clock;
    private final SampleCompaction compaction;
    /** H2's sample journal, folded into blocks first, so that retention and packing see every sample. */
    private final java.util.Optional<SampleJournal> journal;
    private ScheduledExecutorService executor;

    /** With a checkpoint that runs inside each packing transaction (tests interrupt packing there). */
    SampleMaintenance(DSLContext dsl, Vendor vendor, Duration retention, Clock clock,
                      SampleCompaction.Checkpoint checkpoint, java.util.Optional<SampleJournal> journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.compaction = new SampleCompaction(dsl, vendor, checkpoint);
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("the raw sample retention must be at least 1h, got " + retention);
        }
    }

    /** How long raw samples are kept (at least; up to one hour more, raw PostgreSQL partitions one day more). */
    public Duration retention() {
        return retention;
    }

    /** Runs after {@link #FIRST_RUN} and then every {@link #PERIOD} on the thread {@code upwatch-sample-maintenance}. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("upwatch-sample-maintenance").daemon(true).factory());
        executor.scheduleWithFixedDelay(this::runLogged, FIRST_RUN.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic runs; a run in progress finishes. Idempotent. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One run at the clock's instant. */
    public Result runOnce() {
        return runOnce(clock.instant());
    }

    /**
     * One run as if it were {@code now}: samples that started before {@code now - retention} go, those that started
     * before today (UTC) are packed.
     */
    Result runOnce(Instant now) {
        long folded = journal.map(SampleJournal::fold).orElse(0L);
        Instant cutoff = now.minus(retention);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant todayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        int created = 0;
        int dropped = 0;
        long deleted;
        List<LocalDate> closedPartitions = List.of();
        switch (vendor) {
            case POSTGRESQL -> {
                created = createPartitions(today);
                dropped = dropPartitionsBefore(cutoff);
                deleted = dsl.deleteFrom(DSL.table(DSL.name("sample_default")))
                        .where(DSL.field(DSL.name("started_at"), SAMPLE.STARTED_AT.getDataType())
                                .lt(JooqSampleStore.toDatabase(cutoff)))
                        .execute();
                closedPartitions = partitionDays().stream().filter(day -> day.isBefore(today)).toList();
            }
            case H2 -> deleted = deleteInChunks(cutoff);
            default -> throw new IllegalStateException("unknown vendor " + vendor);
        }
        long blocksDeleted = dsl.deleteFrom(SAMPLE_BLOCK)
                .where(SAMPLE_BLOCK.BLOCK_START.le(JooqSampleStore.toDatabase(cutoff.minus(SampleCompaction.BLOCK))))
                .execute();
        long packed = folded + compaction.packBefore(todayStart, closedPartitions);
        return new Result(created, dropped, deleted, packed, blocksDeleted);
    }

    private void runLogged() {
        try {
            Result result = runOnce();
            if (result.partitionsDropped() > 0 || result.rowsDeleted() > 0 || result.partitionsCreated() > 0
                    || result.samplesPacked() > 0 || result.blocksDeleted() > 0) {
                LOG.log(System.Logger.Level.INFO, "sample maintenance: " + result);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sample maintenance failed, next try in " + PERIOD + ": " + e);
        }
    }

    private long deleteInChunks(Instant cutoff) {
        long total = 0;
        while (true) {
            int deleted = dsl.deleteFrom(SAMPLE).where(SAMPLE.STARTED_AT.lt(JooqSampleStore.toDatabase(cutoff)))
                    .limit(DELETE_CHUNK).execute();
            total += deleted;
            if (deleted < DELETE_CHUNK) {
                return total;
            }
        }
    }

    /** The days that have a partition, from the partitions' names. */
    List<LocalDate> partitionDays() {
        List<LocalDate> days = new ArrayList<>();
        for (String name : dsl.fetch("select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = 'sample'::regclass").getValues(0, String.class)) {
            day(name).ifPresent(days::add);
        }
        days.sort(null);
        return days;
    }

    private int createPartitions(LocalDate today) {
        List<LocalDate> existing = partitionDays();
        int created = 0;
        for (LocalDate day = today; !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
            if (!existing.contains(day)) {
                try {
                    createPartition(day);
                    created++;
                } catch (DataAccessException e) {
                    // Another process made it at the same moment; a real failure shows again at the next run.
                    if (!partitionDays().contains(day)) {
                        throw e;
                    }
                }
            }
        }
        return created;
    }

    /**
     * Makes the partition of {@code day}: a new table, filled with that day's rows from the default partition (which
     * would otherwise forbid the attach), then attached; all in one transaction that briefly blocks writes to the
     * default partition only.
     */
    private void createPartition(LocalDate day) {
        String name = partitionName(day);
        String from = "'" + day + " 00:00:00+00'";
        String to = "'" + day.plusDays(1) + " 00:00:00+00'";
        String range = "started_at >= " + from + " and started_at < " + to;
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.execute("lock table sample_default in share row exclusive mode");
            tx.execute("create table " + name + " (like sample including defaults including constraints)");
            tx.execute("insert into " + name + " select * from sample_default where " + range);
            tx.execute("delete from sample_default where " + range);
            tx.execute("alter table sample attach partition " + name + " for values from (" + from + ") to (" + to + ")");
        });
    }

    private int dropPartitionsBefore(Instant cutoff) {
        int dropped = 0;
        for (LocalDate day : partitionDays()) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(cutoff)) {
                dsl.execute("drop table if exists " + partitionName(day));
                dropped++;
            }
        }
        return dropped;
    }

    /** The name of the partition of {@code day}. */
    static String partitionName(LocalDate day) {
        return PARTITION_PREFIX + DAY_SUFFIX.format(day);
    }

    private static Optional<LocalDate> day(String partitionName) {
        if (!partitionName.startsWith(PARTITION_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(partitionName.substring(PARTITION_PREFIX.length()), DAY_SUFFIX));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
