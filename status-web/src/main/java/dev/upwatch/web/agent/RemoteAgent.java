package dev.upwatch.web.agent;

import dev.upwatch.core.memory.FixedMonitorCatalog;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.UpwatchEngine;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A remote agent: checks the monitors of its location with the same engine and probes as the server, in its own probe
 * environment (its own egress policy), and delivers every result to the server — durably buffered on disk first
 * ({@link ResultJournal}), sent in signed batches ({@link BatchSignature}), forgotten only once the server acknowledged
 * it. It opens no database and serves nothing. Its assignment is fetched with a conditional GET (ETag), kept on disk,
 * and used at the next start even while the server is out of reach.
 */
public final class RemoteAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteAgent.class.getName());
    /** How often checked results are appended to the journal (one fsync each), in milliseconds. */
    private static final long WRITE_EVERY_MILLIS = 250;
    /** Longest wait between two tries while the server is out of reach. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final String ASSIGNMENT_FILE = "assignment.json";
    /** The engine stores nothing here: results go to the journal, through the notifier. */
    private static final SampleStore NO_STORE = new SampleStore() {
        @Override
        public void append(List<Sample> samples) {
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            return List.of();
        }
    };

    private final AgentSettings settings;
    private final Clock clock;
    private final ResultJournal journal;
    private final UpwatchEngine engine;
    private final HttpClient http;
    private final ConcurrentLinkedQueue<byte[]> checked = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, Thread.ofPlatform()
            .name("upwatch-agent-", 0).daemon(true).factory());
    private final Thread sender;
    private final Object wake = new Object();
    private volatile boolean closed;
    private volatile String etag;
    private volatile boolean reachable = true;

    private RemoteAgent(AgentSettings settings, ProbeRegistry probes, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        Files.createDirectories(settings.dataDirectory());
        this.journal = ResultJournal.open(settings.dataDirectory().resolve("buffer"), settings.bufferLimit(), clock);
        Notifier toJournal = new Notifier() {
            @Override
            public void statusChanged(StatusChange change) {
                // The server decides statuses; the agent's own verdict only paces its retries.
            }

            @Override
            public void checked(Monitor monitor, Sample sample) {
                checked.add(AgentWire.packed(sample));
            }
        };
        ProbeEnvironment environment = ProbeEnvironment.builder().egressPolicy(settings.egress()).clock(clock).build();
        this.engine = new UpwatchEngine(new FixedMonitorCatalog(savedAssignment()), probes, NO_STORE,
                new InMemoryRollupStore(), RollupRetention.defaults(), List.of(toJournal), clock,
                EngineSettings.defaults(), MaintenanceCalendar.NONE, environment);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.sender = Thread.ofPlatform().name("upwatch-agent-sender").daemon(true).unstarted(this::sendLoop);
    }

    /** Starts an agent: checks from the last assignment kept on disk at once, then fetches the current one. */
    public static RemoteAgent start(AgentSettings settings, ProbeRegistry probes, Clock clock) throws IOException {
        RemoteAgent agent = new RemoteAgent(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(probes, "probes"), Objects.requireNonNull(clock, "clock"));
        agent.engine.start();
        agent.timers.scheduleWithFixedDelay(agent::writeChecked, WRITE_EVERY_MILLIS, WRITE_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        agent.timers.scheduleWithFixedDelay(agent::fetchAssignment, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        agent.sender.start();
        return agent;
    }

    /** The monitors checked now. */
    public List<Monitor> monitors() {
        return engine.monitors();
    }

    private URI route(String path) {
        String base = settings.server().toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/agent/" + path + "?location="
                + URLEncoder.encode(settings.location().value(), StandardCharsets.UTF_8));
    }

    private void fetchAssignment() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(route("assignment")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + settings.token()).header("Accept", "application/json");
            String known = etag;
            if (known != null) {
                request.header("If-None-Match", known);
            }
            HttpResponse<byte[]> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 304) {
                return;
            }
            if (response.statusCode() != 200) {
                LOG.log(System.Logger.Level.WARNING, "assignment refused (" + response.statusCode() + "): "
                        + new String(response.body(), StandardCharsets.UTF_8));
                return;
            }
            List<Monitor> monitors = monitors(response.body());
            engine.updateMonitors(monitors);
            keep(settings.dataDirectory().resolve(ASSIGNMENT_FILE), response.body());
            etag = response.headers().firstValue("ETag").orElse(null);
            LOG.log(System.Logger.Level.INFO, "assignment for " + settings.location() + ": " + monitors.size()
                    + " monitors");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "assignment not fetched: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "assignment not applied, the previous one stays: " + e.getMessage());
        }
    }

    /** The monitors of an assignment; one this version cannot run is left out, and said so. */
    private static List<Monitor> monitors(byte[] body) throws IOException {
        AgentWire.AssignmentJson assignment = AgentWire.read(body, AgentWire.AssignmentJson.class);
        List<Monitor> monitors = new ArrayList<>();
        for (AgentWire.MonitorJson json : assignment.monitors()) {
            try {
                monitors.add(AgentWire.monitor(json));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot run " + e.getMessage());
            }
        }
        return monitors;
    }

    private List<Monitor> savedAssignment() {
        Path saved = settings.dataDirectory().resolve(ASSIGNMENT_FILE);
        try {
            return Files.exists(saved) ? monitors(Files.readAllBytes(saved)) : List.of();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "the saved assignment " + saved + " is unreadable: " + e.getMessage());
            return List.of();
        }
    }

    private static void keep(Path target, byte[] body) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, body);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Appends what was checked since the last call to the journal, with one fsync. */
    private void writeChecked() {
        List<byte[]> batch = new ArrayList<>();
        for (byte[] next; (next = checked.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            journal.append(batch);
        } catch (IOException e) {
            // Not durable: keep them in memory and try again (they are in order: put back in front).
            List<byte[]> rest = new ArrayList<>(batch);
            checked.forEach(rest::add);
            checked.clear();
            checked.addAll(rest);
            LOG.log(System.Logger.Level.ERROR, "cannot write the result buffer, retrying: " + e.getMessage());
            return;
        }
        if (journal.pendingCount() >= settings.batchSize()) {
            signal();
        }
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void pause(Duration duration) {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(Math.max(1, duration.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void sendLoop() {
        Duration backoff = Duration.ofMillis(250);
        while (!closed && !Thread.currentThread().isInterrupted()) {
            List<ResultJournal.Entry> batch = journal.pending(settings.batchSize());
            if (batch.isEmpty()) {
                pause(settings.batchEvery());
                continue;
            }
            Optional<String> failure = send(batch);
            if (failure.isEmpty()) {
                backoff = Duration.ofMillis(250);
                if (!reachable) {
                    reachable = true;
                    LOG.log(System.Logger.Level.INFO, "server reachable again; delivering "
                            + journal.pendingCount() + " buffered results");
                }
                if (journal.pendingCount() < settings.batchSize()) {
                    pause(settings.batchEvery()); // caught up: gather the next batch
                }
            } else {
                if (reachable) {
                    reachable = false;
                    LOG.log(System.Logger.Level.WARNING, "cannot deliver results, buffering them on disk: "
                            + failure.get());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Sends one batch; empty when the server acknowledged it, else why not. */
    private Optional<String> send(List<ResultJournal.Entry> batch) {
        byte[] body = AgentWire.batch(batch);
        String id = "b" + batch.getFirst().sequence() + "-" + UUID.randomUUID();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(route("results")).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + settings.token()).header("Content-Type", "application/json")
                .header(BatchSignature.ID, id).header(BatchSignature.TIMESTAMP, Long.toString(timestamp))
                .header(BatchSignature.SIGNATURE, BatchSignature.forToken(settings.token()).sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.of("server answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            AgentWire.ReceiptJson receipt = AgentWire.read(response.body(), AgentWire.ReceiptJson.class);
            journal.acknowledge(receipt.acknowledged());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Stops checking, writes what was checked to the journal, and stops sending (the journal keeps the rest). */
    @Override
    public void close() {
        closed = true;
        engine.close();
        timers.shutdownNow();
        signal();
        try {
            timers.awaitTermination(5, TimeUnit.SECONDS);
            sender.join(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeChecked();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the result buffer: " + e.getMessage());
        }
        http.close();
    }

    /** Results given up because the buffer was full (see {@link ResultJournal}). */
    public long dropped() {
        return journal.dropped();
    }

}
