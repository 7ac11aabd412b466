package dev.upwatch.web.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.service.AgentIntake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON between a remote agent and the server, both ways, and its one translation to and from the domain: the
 * assignment (the monitors of the agent's location, as the probes need them) and the batches of results.
 */
public final class AgentWire {
    /** Most results in one batch; the agent sends fewer. */
    public static final int MAX_BATCH = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private AgentWire() {
    }

    /** What an agent checks: the monitors whose {@code locations} name its location. */
    public record AssignmentJson(String location, List<MonitorJson> monitors) {
    }

    /**
     * One monitor as an agent runs it: its probe with resolved settings (secrets included: the agent needs them), its
     * timing and conditions. Durations in milliseconds.
     */
    public record MonitorJson(String id, String name, String type, Map<String, Object> settings, long intervalMillis,
                              long timeoutMillis, long retryIntervalMillis, List<String> conditions,
                              Long degradedAboveMillis, int failureThreshold, int successThreshold, int degradedAfter) {
    }

    /** A batch of results, in the agent's order. */
    public record BatchJson(List<ResultJson> results) {
    }

    /**
     * One check as the agent made it. {@code sequence}: the agent's number for it, from 1, rising; {@code startedAt}:
     * ISO-8601; {@code responseMicros} and {@code phasesMicros} in microseconds; {@code outcome}: success, failure,
     * error or blocked.
     */
    public record ResultJson(Long sequence, String monitor, String startedAt, Long responseMicros, String outcome,
                             String error, List<ConditionJson> conditions, Map<String, Long> phasesMicros) {
    }

    /** A condition's verdict on one check. */
    public record ConditionJson(String expression, String rendered, boolean success) {
    }

    /** The server's answer to a batch: the agent may forget every result up to {@code acknowledged}. */
    public record ReceiptJson(long acknowledged, int applied, int repeated, int unassigned) {
    }

    /** A result that could not be read: {@code field} names it, e.g. {@code results[3].outcome}. */
    public static final class WireException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        WireException(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        /** The offending field's path. */
        public String field() {
            return field;
        }
    }

    /** The wire form of {@code monitor}. */
    public static MonitorJson monitor(Monitor monitor) {
        return new MonitorJson(monitor.id().value(), monitor.name(), monitor.probe().type(),
                new LinkedHashMap<>(monitor.probe().settings().asMap()), monitor.interval().toMillis(),
                monitor.timeout().toMillis(), monitor.retryInterval().toMillis(),
                monitor.conditions().stream().map(dev.upwatch.core.model.Condition::expression).toList(),
                monitor.degradedAbove().map(Duration::toMillis).orElse(null), monitor.failureThreshold(),
                monitor.successThreshold(), monitor.degradedAfter());
    }

    /**
     * The monitor an agent runs from its wire form.
     *
     * @throws IllegalArgumentException naming the monitor and the problem (a condition this version cannot parse, a
     *                                  value out of range)
     */
    public static Monitor monitor(MonitorJson json) {
        try {
            List<dev.upwatch.core.model.Condition> conditions = new ArrayList<>();
            for (String text : json.conditions() == null ? List.<String>of() : json.conditions()) {
                conditions.add(ConditionParser.parse(text));
            }
            Monitor.Builder builder = Monitor.builder(MonitorId.of(json.id()), json.name(),
                            ProbeSpec.of(json.type(), json.settings() == null ? Map.of() : json.settings()))
                    .interval(Duration.ofMillis(json.intervalMillis())).timeout(Duration.ofMillis(json.timeoutMillis()))
                    .retryInterval(Duration.ofMillis(json.retryIntervalMillis())).conditions(conditions)
                    .failureThreshold(json.failureThreshold()).successThreshold(json.successThreshold())
                    .degradedAfter(json.degradedAfter());
            if (json.degradedAboveMillis() != null) {
                builder.degradedAbove(Duration.ofMillis(json.degradedAboveMillis()));
            }
            return builder.build();
        } catch (RuntimeException e) { // a ConditionSyntaxException among them
            throw new IllegalArgumentException("monitor " + json.id() + ": " + e.getMessage(), e);
        }
    }

    /** The wire form of a result. */
    public static ResultJson result(long sequence, Sample sample) {
        Map<String, Long> phases = new LinkedHashMap<>();
        sample.phases().forEach((name, duration) -> phases.put(name, micros(duration)));
        return new ResultJson(sequence, sample.monitorId().value(), sample.startedAt().toString(),
                micros(sample.responseTime()), sample.outcome().wireName(), sample.error().orElse(null),
                sample.conditionResults().stream().map(r -> new ConditionJson(r.expression(), r.rendered(), r.success()))
                        .toList(), phases);
    }

    /**
     * A result as the agent's journal keeps it: its wire JSON without the sequence number, which the journal gives it
     * ({@link #batch}).
     */
    static byte[] packed(Sample sample) {
        ResultJson json = result(0, sample);
        return bytes(new ResultJson(null, json.monitor(), json.startedAt(), json.responseMicros(), json.outcome(),
                json.error(), json.conditions(), json.phasesMicros()));
    }

    /** The body of a batch of journal records: each packed result with its sequence number put in front. */
    static byte[] batch(List<ResultJournal.Entry> entries) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("{\"results\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < entries.size(); i++) {
            ResultJournal.Entry entry = entries.get(i);
            out.writeBytes(((i == 0 ? "" : ",") + "{\"sequence\":" + entry.sequence() + ",")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(entry.payload(), 1, entry.payload().length - 1); // the packed object without its '{'
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * The results of a batch body, each checked.
     *
     * @throws WireException naming the first field that is missing or malformed
     */
    public static List<AgentIntake.Result> results(byte[] body) throws WireException {
        BatchJson batch;
        try {
            batch = JSON.readValue(body, BatchJson.class);
        } catch (IOException e) {
            throw new WireException("body", "is not a batch of results in JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
        if (batch == null || batch.results() == null) {
            throw new WireException("results", "is required");
        }
        if (batch.results().size() > MAX_BATCH) {
            throw new WireException("results", "at most " + MAX_BATCH + " results per batch, got " + batch.results().size());
        }
        List<AgentIntake.Result> results = new ArrayList<>(batch.results().size());
        for (int i = 0; i < batch.results().size(); i++) {
            results.add(result("results[" + i + "]", batch.results().get(i)));
        }
        return results;
    }

    private static AgentIntake.Result result(String at, ResultJson json) throws WireException {
        if (json == null) {
            throw new WireException(at, "must be an object");
        }
        long sequence = required(at + ".sequence", json.sequence());
        if (sequence < 1) {
            throw new WireException(at + ".sequence", "must be at least 1, got " + sequence);
        }
        MonitorId monitor;
        try {
            monitor = MonitorId.of(required(at + ".monitor", json.monitor()));
        } catch (IllegalArgumentException e) {
            throw new WireException(at + ".monitor", e.getMessage());
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(required(at + ".startedAt", json.startedAt()));
        } catch (DateTimeParseException e) {
            throw new WireException(at + ".startedAt", "must be an ISO-8601 instant, got '" + json.startedAt() + "'");
        }
        long response = required(at + ".responseMicros", json.responseMicros());
        if (response < 0) {
            throw new WireException(at + ".responseMicros", "must not be negative");
        }
        Outcome outcome = outcome(at + ".outcome", required(at + ".outcome", json.outcome()));
        List<ConditionResult> conditions = new ArrayList<>();
        List<ConditionJson> given = json.conditions() == null ? List.of() : json.conditions();
        for (int i = 0; i < given.size(); i++) {
            ConditionJson c = given.get(i);
            if (c == null || c.expression() == null || c.rendered() == null) {
                throw new WireException(at + ".conditions[" + i + "]", "needs expression and rendered");
            }
            conditions.add(new ConditionResult(c.expression(), c.rendered(), c.success()));
        }
        Map<String, Duration> phases = new LinkedHashMap<>();
        if (json.phasesMicros() != null) {
            for (Map.Entry<String, Long> phase : json.phasesMicros().entrySet()) {
                if (phase.getValue() == null || phase.getValue() < 0) {
                    throw new WireException(at + ".phasesMicros." + phase.getKey(), "must be a non-negative number");
                }
                phases.put(phase.getKey(), Duration.ofNanos(phase.getValue() * 1_000));
            }
        }
        Sample sample = new Sample(monitor, startedAt, Duration.ofNanos(response * 1_000), outcome,
                Optional.ofNullable(json.error()), conditions, Optional.empty(), phases);
        return new AgentIntake.Result(sequence, sample);
    }

    private static Outcome outcome(String at, String text) throws WireException {
        for (Outcome outcome : Outcome.values()) {
            if (outcome.wireName().equals(text.toLowerCase(Locale.ROOT))) {
                return outcome;
            }
        }
        throw new WireException(at, "must be success, failure, error or blocked, got '" + text + "'");
    }

    private static <T> T required(String at, T value) throws WireException {
        if (value == null) {
            throw new WireException(at, "is required");
        }
        return value;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    /** JSON bytes of a wire value. */
    public static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("wire records always serialize", e);
        }
    }

    /** A wire value from JSON bytes. */
    public static <T> T read(byte[] body, Class<T> type) throws IOException {
        return JSON.readValue(body, type);
    }
}
