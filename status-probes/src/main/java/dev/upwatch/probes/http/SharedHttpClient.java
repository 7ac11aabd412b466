package dev.upwatch.probes.http;

import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.probes.net.CheckedAddressResolver;
import dev.upwatch.probes.net.VerifyingTls;
import org.eclipse.jetty.client.DuplexConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Jetty {@link HttpClient} that all HTTP probes of one {@link ProbeEnvironment} (one engine) share, started on first
 * use and stopped when the environment closes. Sharing one client across monitors keeps the cost of a check low (one
 * set of selector threads, pools and TLS contexts); having one per environment means each engine's client resolves and
 * connects only through that engine's environment (its egress policy). Its threads are daemons (and its blocking work
 * runs on virtual threads), so it never keeps the JVM alive.
 *
 * <p>The client is set up for probing, not browsing: no cookies are kept between checks, redirects and
 * authentication challenges are left to the probe (Jetty neither follows nor caches them), and TLS is verified
 * unless a check asks otherwise (see {@link TracingAddressResolver}).
 */
final class SharedHttpClient implements AutoCloseable {
    /** Platform threads for selectors and callbacks; blocking tasks go to virtual threads. */
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 2;
    /**
     * Connections Jetty may open to one destination. Each probe has its own destinations ({@link ProbeTag}) and one
     * check at a time, so this only matters to other users of the client; raised from Jetty's 64 so a busy target
     * never queues requests.
     */
    private static final int MAX_CONNECTIONS_PER_DESTINATION = 1024;
    /**
     * Connect and host-lookup limits of the client, in ms. Deliberately longer than any sensible monitor timeout:
     * each check's own deadline (the request's total timeout) is what ends it.
     */
    private static final long CONNECT_TIMEOUT_MILLIS = 120_000;
    /** Closes connections left behind by abandoned checks, in ms. */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** Removes destinations no request has used for this long (a probe's, between rare checks), in ms. */
    private static final long DESTINATION_IDLE_TIMEOUT_MILLIS = 60_000;
    private static final String USER_AGENT = "Upwatch";
    /**
     * Most bytes of response headers the parser holds, in bytes: the largest {@code max-header-bytes} a monitor may
     * set. Each check's own, usually lower, cap is applied as the headers arrive ({@link ResponseCollector}); this one
     * bounds what the parser buffers of a single endless header line.
     */
    static final int MAX_RESPONSE_HEADER_BYTES = HttpSettings.MAX_HEADER_BYTES_LIMIT;

    private final ProbeEnvironment environment;
    private volatile HttpClient client; // written only while holding this
    private boolean closed; // guarded by this

    SharedHttpClient(ProbeEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The client of {@code environment}, made (not started) on first use and closed with the environment. */
    static SharedHttpClient of(ProbeEnvironment environment) {
        return environment.shared(SharedHttpClient.class, SharedHttpClient.class, () -> new SharedHttpClient(environment));
    }

    /** The running client, starting it on the first call. */
    HttpClient started() {
        HttpClient running = client;
        return running != null ? running : start();
    }

    private synchronized HttpClient start() {
        if (closed) {
            throw new IllegalStateException("the probe environment is closed");
        }
        if (client == null) {
            HttpClient created = newClient(environment);
            try {
                created.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the HTTP client: " + e.getMessage(), e);
            }
            created.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
            created.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
            created.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
            client = created;
        }
        return client;
    }

    /**
     * Removes the destinations of {@code tag} (a probe that closes, or a check's own tag), which closes their
     * connections; nothing when the client never started.
     */
    void removeDestinations(ProbeTag tag) {
        HttpClient running = client;
        if (running == null) {
            return;
        }
        // The tag's own list, not a scan of the client's: closing every probe of a large configuration stays linear.
        tag.forgetDestinations().forEach(running::removeDestination);
    }

    /** Stops the client for good (with its environment); a later check fails. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the HTTP client: " + e.getMessage(), e);
            } finally {
                client = null;
            }
        }
    }

    private static HttpClient newClient(ProbeEnvironment environment) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("upwatch-probe-http"); // not the web server's "upwatch-http"
        threads.setDaemon(true);
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        threads.setVirtualThreadsExecutor(virtual);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("upwatch-probe-http-scheduler", true);

        ClientConnector connector = new ProbeConnector(environment);
        connector.setExecutor(threads);
        connector.setScheduler(scheduler);
        SslContextFactory.Client verifying = new SslContextFactory.Client();
        verifying.setSslContext(VerifyingTls.of(environment));
        connector.setSslContextFactory(verifying);

        SslContextFactory.Client trustEverything = new SslContextFactory.Client(true);
        trustEverything.setEndpointIdentificationAlgorithm(null);

        HttpClientTransportOverHTTP transport = new ProbeTransport(connector);
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        transport.setConnectionPoolFactory(destination -> {
            DuplexConnectionPool pool = new DuplexConnectionPool(destination, client.getMaxConnectionsPerDestination());
            if (destination.getOrigin().getTag() instanceof ProbeTag) {
                // A probe's connection carries one exchange and is closed when it is released: the next check or
                // redirect hop always opens its own (each check measures a new connection).
                pool.setMaxUsage(1);
            }
            return pool;
        });
        client.setName("upwatch-probe-http");
        client.addBean(trustEverything);
        client.setSocketAddressResolver(new TracingAddressResolver(new CheckedAddressResolver(environment, virtual),
                trustEverything));
        client.setMaxResponseHeadersSize(MAX_RESPONSE_HEADER_BYTES);
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_DESTINATION);
        client.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        client.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        client.setDestinationIdleTimeout(DESTINATION_IDLE_TIMEOUT_MILLIS);
        client.setFollowRedirects(false);
        client.setRedirectCache(null);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        return client;
    }
}
