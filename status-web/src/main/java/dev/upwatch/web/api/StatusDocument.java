package dev.upwatch.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.web.gzip.ChunkedGzip;
import dev.upwatch.web.render.LatestRender;
import dev.upwatch.web.render.Renderer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The summary ({@code /api/v1/status}) serialized once per change of the snapshot, with its entity tag. The live
 * snapshot rebuilds a service's immutable status only when a check of it arrives, so comparing the services by
 * identity tells cheaply whether the last bytes are still current. Today's incident titles are read only when the
 * document is rebuilt: a change of them shows with the next check of any service (each check makes a new status).
 *
 * <p>A rebuild serializes and compresses only what changed: each service's JSON is kept while its status object (and
 * today's incident titles) are the same, and the services are compressed by runs of {@value #SERVICES_PER_CHUNK}
 * ({@link ChunkedGzip}), each referring back into the run before it (as well compressed as the whole), a run whose
 * services and whose previous run's are unchanged keeping its compressed bytes. At 1,000 services and 50 checks a
 * second a rebuild thus serializes a few services and compresses a few runs instead of ~350 KB. The bytes are the same
 * as serializing the whole {@link StatusJson} at once.
 */
final class StatusDocument {
    /** Services compressed together: more compress better, fewer recompress faster (as the home page's rows). */
    static final int SERVICES_PER_CHUNK = 32;
    /** Where the service list goes in the document serialized without services. */
    private static final byte[] NO_SERVICES = "\"services\":[]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = {','};

    /**
     * A serialized summary and what it was made of.
     *
     * @param services    the services it shows (compared by identity with the next snapshot's)
     * @param maintenance the windows it announces
     * @param date        the UTC day it was made on
     * @param today       today's incident titles it shows
     * @param fragments   each service's JSON, in order
     * @param chunks      the document's bytes in order: the head, runs of services, the tail
     * @param gzip        the document gzip-compressed
     * @param etag        strong entity tag, quoted, as sent
     * @param joined      the JSON in one array, made when first asked for ({@link #json})
     */
    record Rendered(List<ServiceStatus> services, List<MaintenanceJson> maintenance, LocalDate date,
                    ApiRepresentations.Today today, List<byte[]> fragments, List<ChunkedGzip.Chunk> chunks, byte[] gzip,
                    String etag, AtomicReference<byte[]> joined) {
        /** The length of the JSON, in bytes. */
        int length() {
            int length = 0;
            for (ChunkedGzip.Chunk chunk : chunks) {
                length += chunk.plain().length;
            }
            return length;
        }

        /**
         * The JSON in one array, joined once per document when a client first asks for it uncompressed (most ask
         * for gzip): one write of it is what serves a plain answer fastest. Shared: not to be modified.
         */
        byte[] json() {
            byte[] json = joined.get();
            if (json == null) {
                json = new byte[length()];
                int at = 0;
                for (ChunkedGzip.Chunk chunk : chunks) {
                    System.arraycopy(chunk.plain(), 0, json, at, chunk.plain().length);
                    at += chunk.plain().length;
                }
                joined.set(json);
            }
            return json;
        }
    }

    /**
     * What a document is made of besides today's incident titles (read only to render).
     *
     * @param snapshot    the page's snapshot (its services compared by identity)
     * @param maintenance the windows to announce
     * @param date        the UTC day
     */
    record Inputs(StatusSnapshot snapshot, List<MaintenanceJson> maintenance, LocalDate date) {
        Inputs {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(maintenance, "maintenance");
            Objects.requireNonNull(date, "date");
        }
    }

    /**
     * How fresh the summary is: a caller that finds the document out of date waits for the next render unless one is
     * running (then it is answered the last document, one render old at most). Programs poll the API after a change
     * (a push, a check), so it renders whenever asked, as it did when the caller itself rendered.
     */
    static final LatestRender.Policy RENDERS = new LatestRender.Policy(Duration.ZERO, Duration.ZERO);

    private final ObjectMapper json;
    private final Supplier<ApiRepresentations.Today> today;
    private final LatestRender<Inputs, Rendered> renders;

    /**
     * The summary of what {@code inputs} gives when a render starts, with {@code today}'s incident titles, rendered on
     * {@code renderer}.
     */
    StatusDocument(ObjectMapper json, Supplier<Inputs> inputs, Supplier<ApiRepresentations.Today> today,
                   Renderer renderer) {
        this.json = Objects.requireNonNull(json, "json");
        this.today = Objects.requireNonNull(today, "today");
        this.renders = renderer.of(inputs, StatusDocument::current, this::render, RENDERS);
    }

    /**
     * The summary for a caller that saw {@code seen}: the last document while it shows {@code seen}, or while another
     * caller's render runs (a whole document, one render old at most); else the next render, waited for.
     */
    Rendered latest(Inputs seen) {
        return renders.latest(seen);
    }

    private static boolean current(Rendered rendered, Inputs inputs) {
        return StatusSnapshot.sameServices(rendered.services(), inputs.snapshot().services())
                && rendered.maintenance().equals(inputs.maintenance()) && rendered.date().equals(inputs.date());
    }

    private Rendered render(Inputs inputs, Rendered before) {
        try {
            return render(inputs.snapshot(), inputs.maintenance(), inputs.date(), today.get(), before);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot serialize the summary", e);
        }
    }

    private Rendered render(StatusSnapshot snapshot, List<MaintenanceJson> maintenance, LocalDate date,
                            ApiRepresentations.Today today, Rendered before)
            throws JsonProcessingException, NoSuchAlgorithmException {
        // The document without its services, split where they go.
        byte[] frame = json.writeValueAsBytes(ApiRepresentations.status(snapshot, maintenance, today, false));
        int at = indexOf(frame, NO_SERVICES);
        if (at < 0) {
            throw new IllegalStateException("no empty service list in " + new String(frame, StandardCharsets.UTF_8));
        }
        int split = at + NO_SERVICES.length - 1; // before the closing ']'
        boolean sameToday = before != null && before.today().equals(today);
        List<ServiceStatus> services = snapshot.services();
        List<byte[]> fragments = new ArrayList<>(services.size());
        for (int i = 0; i < services.size(); i++) {
            ServiceStatus service = services.get(i);
            fragments.add(sameToday && i < before.services().size() && before.services().get(i) == service
                    ? before.fragments().get(i) : json.writeValueAsBytes(ApiRepresentations.service(service, today)));
        }
        List<ChunkedGzip.Chunk> chunks = new ArrayList<>(services.size() / SERVICES_PER_CHUNK + 3);
        chunks.add(ChunkedGzip.Chunk.of(Arrays.copyOfRange(frame, 0, split)));
        // Each run but the first refers back into the run before it (the head changes with every rebuild): a run is
        // kept when its services and those of the run before are the same, so one changed service costs two runs.
        boolean previousSame = false;
        for (int from = 0; from < fragments.size(); from += SERVICES_PER_CHUNK) {
            int to = Math.min(fragments.size(), from + SERVICES_PER_CHUNK);
            int index = chunks.size();
            boolean same = before != null && index < before.chunks().size() - 1
                    && sameRun(before.fragments(), fragments, from, to);
            if (same && (from == 0 || previousSame)) {
                chunks.add(before.chunks().get(index));
            } else {
                byte[] run = run(fragments, from, to);
                chunks.add(from == 0 ? ChunkedGzip.Chunk.of(run) : ChunkedGzip.Chunk.after(chunks.getLast().plain(), run));
            }
            previousSame = same;
        }
        chunks.add(ChunkedGzip.Chunk.after(chunks.getLast().plain(), Arrays.copyOfRange(frame, split, frame.length)));
        byte[] gzip = ChunkedGzip.assemble(chunks).gzip();
        // The gzip bytes stand for the JSON (lossless, and made the same way from the same JSON): hashing them is
        // ~13x less work than hashing the ~350 KB of JSON.
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gzip), 0, 12) + "\"";
        return new Rendered(services, maintenance, date, today, List.copyOf(fragments), List.copyOf(chunks), gzip, etag,
                new AtomicReference<>());
    }

    /** Whether the services {@code from} to {@code to} are the same arrays in both: then so are their runs' bytes. */
    private static boolean sameRun(List<byte[]> before, List<byte[]> now, int from, int to) {
        if (before.size() < to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (before.get(i) != now.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The services {@code from} to {@code to} as they appear in the list: a comma before each but the first one. */
    private static byte[] run(List<byte[]> fragments, int from, int to) {
        int length = 0;
        for (int i = from; i < to; i++) {
            length += fragments.get(i).length + (i > 0 ? 1 : 0);
        }
        byte[] run = new byte[length];
        int at = 0;
        for (int i = from; i < to; i++) {
            if (i > 0) {
                run[at++] = COMMA[0];
            }
            byte[] fragment = fragments.get(i);
            System.arraycopy(fragment, 0, run, at, fragment.length);
            at += fragment.length;
        }
        return run;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
