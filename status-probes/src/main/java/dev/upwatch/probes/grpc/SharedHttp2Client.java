package dev.upwatch.probes.grpc;

import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.probes.http.ProbeConnector;
import dev.upwatch.probes.net.VerifyingTls;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * The Jetty HTTP/2 client all gRPC probes of one environment share: one set of selector threads, connecting only
 * through a {@link ProbeConnector} (every address confirmed by the environment), with two TLS settings — verifying
 * (the JDK's roots, expiry first on the environment's clock) and, for {@code insecure: true}, trusting everything.
 * Started on first use, stopped with the environment; its threads are daemons.
 */
final class SharedHttp2Client implements AutoCloseable {
    /** Platform threads for selectors and callbacks. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;
    /** Closes sessions left behind by abandoned checks, in ms. */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final ProbeEnvironment environment;
    private HTTP2Client client; // guarded by this
    private SslContextFactory.Client verifying; // guarded by this
    private SslContextFactory.Client trustEverything; // guarded by this
    private boolean closed; // guarded by this

    private SharedHttp2Client(ProbeEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    static SharedHttp2Client of(ProbeEnvironment environment) {
        return environment.shared(SharedHttp2Client.class, SharedHttp2Client.class,
                () -> new SharedHttp2Client(environment));
    }

    /** The running client. */
    synchronized HTTP2Client started() {
        start();
        return client;
    }

    /** The running client's TLS settings: verifying, or trusting every certificate and name. */
    synchronized SslContextFactory.Client tls(boolean insecure) {
        start();
        return insecure ? trustEverything : verifying;
    }

    private void start() {
        if (closed) {
            throw new IllegalStateException("the probe environment is closed");
        }
        if (client != null) {
            return;
        }
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("upwatch-grpc");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        ProbeConnector connector = new ProbeConnector(environment);
        connector.setExecutor(threads);
        connector.setScheduler(new ScheduledExecutorScheduler("upwatch-grpc-scheduler", true));
        HTTP2Client created = new HTTP2Client(connector);
        created.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        SslContextFactory.Client verify = new SslContextFactory.Client();
        verify.setSslContext(VerifyingTls.of(environment));
        SslContextFactory.Client trustAll = new SslContextFactory.Client(true);
        trustAll.setEndpointIdentificationAlgorithm(null);
        created.addBean(verify);
        created.addBean(trustAll);
        try {
            created.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the HTTP/2 client: " + e.getMessage(), e);
        }
        client = created;
        verifying = verify;
        trustEverything = trustAll;
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
