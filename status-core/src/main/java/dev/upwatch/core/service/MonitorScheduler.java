package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.rule.FairShare;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs every monitor at its interval. Each monitor has a fixed phase inside its interval derived from a
 * hash of its id (as Prometheus does), so checks spread evenly and keep their slot across restarts; runs
 * are planned on the monotonic clock by adding the interval, so they do not drift. A monitor never
 * overlaps with itself (a run that finds the previous one still going is skipped and counted), a global
 * bound limits concurrent checks (excess waits, and a late start is counted), and nothing a probe or
 * listener throws stops the schedule. Checks run on virtual threads.
 *
 * <p>When the listener's verdict says so (the last check failed but fewer than the failure threshold of checks
 * have failed in a row, as the monitor's health state machine counts them), extra checks run at the monitor's retry
 * interval after the failed check's slot ({@code slot + k × retry}), as long as a whole retry interval remains before
 * the next regular slot; the regular slots never move. The scheduler keeps no count and knows no maintenance
 * windows: the listener ({@link StatusService#checked}) applies both once.
 */
public final class MonitorScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MonitorScheduler.class.getName());
    private static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** First checks of monitors without a verdict are spread over at most this long after scheduling. */
    private static final Duration FIRST_CHECK_SPREAD = Duration.ofSeconds(5);
    /**
     * Checks due within one such step of the monotonic clock start in one wake-up of the ticker, at its end: at
     * 10,000 monitors every 30 s (a check every 3 ms) this halves the ticker's wake-ups for at most 5 ms of lateness.
     */
    static final Duration TICK_GRAIN = Duration.ofMillis(5);

    private final Clock clock;
    private final CheckRunner runner;
    private final CheckListener listener;
    private final CheckAssignment assignment;
    private final Semaphore concurrency;
    private final Ticker ticker;
    private final ExecutorService checks;
    /** Set when shutting down interrupts the checks in flight: what they hand on then is not a finding. */
    private volatile boolean interrupting;
    private final Map<MonitorId, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong overlaps = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong maxLatenessNanos = new AtomicLong();
    private final LatencyHistogram lateness = new LatencyHistogram();

    /**
     * @param clock               wall clock, used to place each monitor's phase
     * @param runner              runs one check
     * @param listener            receives every sample
     * @param maxConcurrentChecks how many checks may run at once
     */
    public MonitorScheduler(Clock clock, CheckRunner runner, CheckListener listener, int maxConcurrentChecks) {
        this(clock, runner, listener, maxConcurrentChecks, CheckAssignment.ALL);
    }

    /** The same, checking only the monitors {@code assignment} gives this process at each slot. */
    public MonitorScheduler(Clock clock, CheckRunner runner, CheckListener listener, int maxConcurrentChecks,
                            CheckAssignment assignment) {
        this(clock, Ticker.system("upwatch-scheduler", TICK_GRAIN),
                // One name for all: a numbered name costs a string per check (0.7 % of the CPU at 1,000 monitors).
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-check").factory()),
                runner, listener, maxConcurrentChecks, assignment);
    }

    /**
     * @param clock               wall clock, used to place each monitor's phase
     * @param ticker              monotonic time and the planned ticks (the scheduler shuts it down)
     * @param checks              runs the checks (the scheduler shuts it down, waiting for checks in flight)
     * @param runner              runs one check
     * @param listener            receives every sample
     * @param maxConcurrentChecks how many checks may run at once
     */
    public MonitorScheduler(Clock clock, Ticker ticker, ExecutorService checks, CheckRunner runner,
                            CheckListener listener, int maxConcurrentChecks) {
        this(clock, ticker, checks, runner, listener, maxConcurrentChecks, CheckAssignment.ALL);
    }

    /**
     * @param clock               wall clock, used to place each monitor's phase
     * @param ticker              monotonic time and the planned ticks (the scheduler shuts it down)
     * @param checks              runs the checks (the scheduler shuts it down, waiting for checks in flight)
     * @param runner              runs one check
     * @param listener            receives every sample
     * @param maxConcurrentChecks how many checks may run at once
     * @param assignment          which monitors this process checks now (asked at every slot; in a cluster, its share)
     */
    public MonitorScheduler(Clock clock, Ticker ticker, ExecutorService checks, CheckRunner runner,
                            CheckListener listener, int maxConcurrentChecks, CheckAssignment assignment) {
        this.assignment = Objects.requireNonNull(assignment, "assignment");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxConcurrentChecks < 1) {
            throw new IllegalArgumentException("maxConcurrentChecks must be at least 1, got " + maxConcurrentChecks);
        }
        this.concurrency = new Semaphore(maxConcurrentChecks);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    /**
     * Schedules {@code monitor}, replacing any schedule it had.
     *
     * @param checkSoon run a first check within a few seconds instead of waiting for the monitor's slot,
     *                  for monitors that have no verdict yet
     */
    public void schedule(Monitor monitor, Probe probe, boolean checkSoon) {
        Set<Placeholder> needed = CheckRunner.neededPlaceholders(monitor); // once, not per check
        plan(monitor, then -> runner.run(monitor, probe, needed, then), checkSoon);
    }

    /**
     * Schedules {@code monitor} with a check that is not a probe (a push monitor reads its latest push),
     * replacing any schedule it had.
     *
     * @param checkSoon as for {@link #schedule(Monitor, Probe, boolean)}
     */
    public void schedule(Monitor monitor, Supplier<Sample> check, boolean checkSoon) {
        Objects.requireNonNull(check, "check");
        plan(monitor, then -> then.accept(check.get()), checkSoon);
    }

    /** A check that hands its sample on, on its own thread or, past a probe's deadline, on another. */
    @FunctionalInterface
    private interface Check {
        void run(Consumer<Sample> then);
    }

    private void plan(Monitor monitor, Check check, boolean checkSoon) {
        long intervalMillis = monitor.interval().toMillis();
        long phase = Math.floorMod(phaseHash(monitor.id()), intervalMillis);
        long firstDelayMillis = Math.floorMod(phase - clock.millis(), intervalMillis);
        Job job = new Job(monitor, check, ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(firstDelayMillis));
        Job previous = jobs.put(monitor.id(), job);
        if (previous != null) {
            previous.cancel();
        }
        if (checkSoon) {
            long spread = Math.min(intervalMillis, FIRST_CHECK_SPREAD.toMillis());
            long soonMillis = Math.floorMod(phaseHash(monitor.id()), spread);
            if (soonMillis < firstDelayMillis) {
                ticker.schedule(() -> job.start(ticker.nanoTime()), TimeUnit.MILLISECONDS.toNanos(soonMillis));
            }
        }
        job.planNext();
    }

    /**
     * Checks {@code id} now, outside its slots; when a check of it is running, another follows right after it (a push
     * that arrives while the previous one is being checked is not lost). False when {@code id} is not scheduled, or
     * when another node of the cluster checks it now (that node decides its status; a push reaches it through the
     * cluster's push exchange).
     */
    public boolean checkNow(MonitorId id) {
        Job job = jobs.get(id);
        if (job == null || !assignment.checksNow(job.monitor)) {
            return false;
        }
        job.requestCheck();
        return true;
    }

    /** Stops checking {@code id}; a check in flight completes. */
    public void unschedule(MonitorId id) {
        Job job = jobs.remove(id);
        if (job != null) {
            job.cancel();
        }
    }

    /** Counters since start. */
    public SchedulerStats stats() {
        return new SchedulerStats(jobs.size(), started.get(), completed.get(), overlaps.get(), late.get(),
                Duration.ofNanos(maxLatenessNanos.get()), lateness.snapshot());
    }

    /** Stops planning new checks and waits up to {@code grace} for checks in flight to finish. */
    public void shutdown(Duration grace) {
        jobs.values().forEach(Job::cancel);
        jobs.clear();
        ticker.shutdown();
        checks.shutdown();
        try {
            if (!checks.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                interrupting = true;
                checks.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupting = true;
            checks.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** A stable 64-bit FNV-1a hash of the id: the same id gets the same phase in every process. */
    static long phaseHash(MonitorId id) {
        return FairShare.stableHash(id);
    }

    /**
     * The slot of the retry after a failed check planned at {@code failedSlot}: the first
     * {@code failedSlot + k × retry} (k &ge; 1) not before {@code now}, if a whole retry interval remains from it to
     * {@code nextRegular}. All values are {@link Ticker#nanoTime()} readings or lengths in nanoseconds.
     */
    static OptionalLong retrySlot(long failedSlot, long retry, long nextRegular, long now) {
        long slot = failedSlot + retry;
        if (slot < now) {
            slot += ((now - slot + retry - 1) / retry) * retry;
        }
        return slot + retry <= nextRegular ? OptionalLong.of(slot) : OptionalLong.empty();
    }

    /** One monitor's schedule. */
    private final class Job {
        private final Monitor monitor;
        private final Check check;
        private final long intervalNanos;
        private final AtomicBoolean running = new AtomicBoolean();
        /** A check was asked for ({@link #checkNow}) that no check started since has covered. */
        private final AtomicBoolean requested = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile Ticker.Planned next;
        private long nextNanos;

        Job(Monitor monitor, Check check, long firstNanos) {
            this.monitor = monitor;
            this.check = check;
            this.intervalNanos = monitor.interval().toNanos();
            this.nextNanos = firstNanos;
        }

        /** Plans the tick at {@code nextNanos}; runs on the ticker thread or the scheduling thread. */
        synchronized void planNext() {
            if (cancelled) {
                return;
            }
            try {
                next = ticker.schedule(this::tick, nextNanos - ticker.nanoTime());
            } catch (RejectedExecutionException e) {
                cancelled = true;
            }
        }

        private void tick() {
            long planned;
            synchronized (this) {
                planned = nextNanos;
                nextNanos += intervalNanos;
                long now = ticker.nanoTime();
                if (nextNanos < now) {
                    // The process was suspended or the ticker starved: skip the missed slots, keep the phase.
                    long missed = (now - nextNanos) / intervalNanos + 1;
                    nextNanos += missed * intervalNanos;
                }
            }
            planNext();
            start(planned);
        }

        /** Starts a check now, or right after the one running. */
        void requestCheck() {
            requested.set(true);
            if (running.compareAndSet(false, true)) {
                execute(ticker.nanoTime());
            }
        }

        void start(long plannedNanos) {
            if (cancelled || !assignment.checksNow(monitor)) {
                return; // another node of the cluster checks it in this slot
            }
            if (!running.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
                return;
            }
            execute(plannedNanos);
        }

        /** Runs a check on the check executor; the caller has set {@code running}. */
        private void execute(long plannedNanos) {
            if (cancelled) {
                running.set(false);
                return;
            }
            try {
                checks.execute(() -> runCheck(plannedNanos));
            } catch (RejectedExecutionException e) {
                running.set(false);
            }
        }

        private void runCheck(long plannedNanos) {
            try {
                concurrency.acquire();
            } catch (InterruptedException e) {
                running.set(false);
                Thread.currentThread().interrupt();
                return;
            }
            AtomicBoolean finished = new AtomicBoolean();
            try {
                long latenessNanos = ticker.nanoTime() - plannedNanos;
                if (latenessNanos > LATE_NANOS) {
                    late.incrementAndGet();
                }
                maxLatenessNanos.accumulateAndGet(latenessNanos, Math::max);
                lateness.record(latenessNanos);
                started.incrementAndGet();
                requested.set(false); // this check sees every push received so far
                check.run(sample -> {
                    if (finished.compareAndSet(false, true)) {
                        finish(plannedNanos, sample);
                    }
                });
            } catch (RuntimeException | Error e) {
                // Thrown by a check before it handed a sample on (a push check's own failure).
                LOG.log(System.Logger.Level.ERROR, "check of " + monitor.id() + " failed unexpectedly", e);
                if (finished.compareAndSet(false, true)) {
                    release();
                }
            }
        }

        /** Judges {@code sample} and frees the monitor for its next check; once per check, on whichever thread. */
        private void finish(long plannedNanos, Sample sample) {
            boolean retry = false;
            try {
                completed.incrementAndGet();
                // Interrupted: shut down mid-check, nothing learned.
                if (!interrupting && !Thread.currentThread().isInterrupted()) {
                    // The listener judges (maintenance, consecutive counts) and says whether to retry sooner.
                    retry = listener.checked(monitor, sample).retrySooner();
                }
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "check of " + monitor.id() + " failed unexpectedly", e);
            } finally {
                release();
            }
            if (retry) {
                planRetry(plannedNanos);
            }
        }

        private void release() {
            concurrency.release();
            running.set(false);
            if (requested.get() && !cancelled && running.compareAndSet(false, true)) {
                execute(ticker.nanoTime()); // asked for while this check was running
            }
        }

        private void planRetry(long failedSlot) {
            long nextRegular;
            synchronized (this) {
                nextRegular = nextNanos;
            }
            long now = ticker.nanoTime();
            OptionalLong slot = retrySlot(failedSlot, monitor.retryInterval().toNanos(), nextRegular, now);
            if (slot.isEmpty() || cancelled) {
                return;
            }
            try {
                ticker.schedule(() -> start(slot.getAsLong()), slot.getAsLong() - now);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }

        void cancel() {
            cancelled = true;
            Ticker.Planned planned = next;
            if (planned != null) {
                planned.cancel();
            }
        }
    }
}
