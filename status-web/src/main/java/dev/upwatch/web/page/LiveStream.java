package dev.upwatch.web.page;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code GET /live?page=PATH&since=VERSION}: keeps an open page at the newest version of the live snapshot, as
 * Server-Sent Events, for the status page and language of the request ({@link ReaderScopes}: under the page's prefix,
 * with the page's {@code lang}). Each {@code fragments} event carries the page's fragments changed since the version the client
 * holds — the server-rendered markup of the same render a fresh load gets ({@link LivePage}) — with the new version
 * as its id, so that a reconnecting browser ({@code Last-Event-ID}) is sent exactly what it missed. A client whose
 * version cannot be patched (another run of the server, a service or group added or removed since) gets a
 * {@code reload} event. Each update also says when its version was made ({@code at}, epoch milliseconds). With {@code &poll=1} the same answer comes as one JSON document (the page's fallback when no
 * event stream gets through).
 *
 * <p>Each open stream is served by its request's virtual thread: it waits for a newer snapshot, takes the page's
 * render for it (rendered once per version for all clients) and writes the event; a client that reads slowly blocks
 * only its own thread, and skips to the newest version when it catches up. Events are at least {@link #GAP} apart,
 * so a burst of changes is sent as one; a comment every {@link #HEARTBEAT} keeps idle connections open. Sits behind
 * the access filter, like the pages.
 */
public final class LiveStream implements Filter, AutoCloseable {
    static final String PATH = "/live";
    /** Shortest time between two events of one stream: bursts of checks coalesce into one event. */
    static final Duration GAP = Duration.ofMillis(200);
    /** Longest silence on a stream before a keep-alive comment. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long a browser waits before reconnecting a dropped stream. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final ReaderScopes scopes;
    private final LiveSites sites;
    private final ObjectMapper json;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    public LiveStream(ReaderScopes scopes, LiveSites sites, ObjectMapper json) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.sites = Objects.requireNonNull(sites, "sites");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Streams open now. */
    public int openStreams() {
        return open.get();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        if (!PATH.equals(path) || !request.getMethod().equals("GET")) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        ReaderScope scope = scopes.of(request);
        LiveSnapshots snapshots = sites.snapshots(scope.page());
        LivePages pages = sites.pages(scope.page(), scope.locale());
        Optional<PageKey> key = PageKey.parse(request.getParameter("page"));
        LiveSnapshot snapshot = snapshots.current();
        if (key.isEmpty() || pages.page(key.get(), snapshot).isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no live page " + request.getParameter("page"));
            return;
        }
        answer(request, response, snapshots, at -> pages.page(key.get(), at));
    }

    /**
     * Serves {@code GET} of a live page outside the status pages — the console's dashboard, behind its own guard — with
     * the same events as {@code /live}: {@code document}'s renders of {@code snapshots}' versions.
     */
    public void serve(HttpServletRequest request, HttpServletResponse response, LiveSnapshots snapshots,
                      LiveDocument document) throws IOException {
        answer(request, response, snapshots, snapshot -> Optional.of(document.at(snapshot)));
    }

    /** The poll answer or the event stream of {@code page}, from the version the request holds. */
    private void answer(HttpServletRequest request, HttpServletResponse response, LiveSnapshots snapshots,
                        Function<LiveSnapshot, Optional<LivePage>> page) throws IOException {
        LiveSnapshot snapshot = snapshots.current();
        String lastEventId = request.getHeader("Last-Event-ID");
        long held = held(snapshots, lastEventId != null ? lastEventId : request.getParameter("since"));
        response.setHeader("Cache-Control", "no-store");
        if ("1".equals(request.getParameter("poll"))) {
            Optional<LivePage> now = page.apply(snapshot);
            if (now.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such live page");
                return;
            }
            byte[] body = payload(now.get(), held);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Accel-Buffering", "no"); // proxies that buffer (nginx) pass events on at once
        open.incrementAndGet();
        try {
            stream(snapshots, page, held, response.getOutputStream());
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    /** The version a client holds, from {@code <epoch>-<version>}; -1 for another run's or none (reload). */
    private static long held(LiveSnapshots snapshots, String tag) {
        if (tag == null) {
            return -1;
        }
        String prefix = snapshots.epoch() + "-";
        try {
            return tag.startsWith(prefix) ? Long.parseLong(tag.substring(prefix.length())) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void stream(LiveSnapshots snapshots, Function<LiveSnapshot, Optional<LivePage>> pages, long held,
                        ServletOutputStream out)
            throws IOException, InterruptedException {
        out.write(("retry: " + RETRY.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long delivered = held;
        long seen = -1;
        long quietSince = System.nanoTime();
        while (!closed) {
            LiveSnapshot snapshot = snapshots.awaitNewer(seen, HEARTBEAT.toMillis());
            if (closed) {
                return;
            }
            seen = snapshot.version();
            Optional<LivePage> page = pages.apply(snapshot);
            if (page.isEmpty()) { // the service left the page
                out.write(event("reload", null, "{}"));
                out.flush();
                return;
            }
            LivePage current = page.get();
            if (current.version() > delivered) {
                boolean reload = delivered < 0 || !current.patchableFrom(delivered);
                out.write(reload ? event("reload", current.tag(), "{}")
                        : event("fragments", current.tag(), current.payloads().computeIfAbsent(delivered,
                        from -> fragments(current, from))));
                out.flush();
                if (reload) {
                    return;
                }
                delivered = current.version();
                quietSince = System.nanoTime();
                Thread.sleep(GAP.toMillis());
            } else if (System.nanoTime() - quietSince >= HEARTBEAT.toNanos()) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                quietSince = System.nanoTime();
            }
        }
    }

    private static byte[] event(String name, String id, String data) {
        return ((id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(String name, String id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        out.writeBytes(("id: " + id + "\nevent: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code {"fragments":[["id","html"],...]}}: one line of JSON (no raw line breaks, as an event's data needs). */
    private byte[] fragments(LivePage page, long from) {
        return write(page, from, false);
    }

    /** The poll answer: {@code {"version":...,"reload":bool,"fragments":[...]}}. */
    private byte[] payload(LivePage page, long held) {
        return write(page, held, true);
    }

    private byte[] write(LivePage page, long from, boolean poll) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            boolean reload = from < 0 || !page.patchableFrom(from);
            if (poll) {
                generator.writeStringField("version", page.tag());
                generator.writeBooleanField("reload", reload);
            }
            generator.writeNumberField("at", page.builtAt().toEpochMilli());
            generator.writeArrayFieldStart("fragments");
            List<LivePage.Piece> changed = reload ? List.of() : page.changesSince(from);
            for (LivePage.Piece piece : changed) {
                generator.writeStartArray();
                generator.writeString(piece.id());
                generator.writeString(piece.html());
                generator.writeEndArray();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Ends every open stream. */
    @Override
    public void close() {
        closed = true;
        sites.wake();
    }

    @Override
    public void destroy() {
        close();
    }
}
