package dev.upwatch.web;

import dev.upwatch.web.auth.SecurityHeaders;
import dev.upwatch.web.config.ServerConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Jetty serving the Jersey application on virtual threads, with gzip for text responses. Every answer — ours, and
 * Jetty's own for requests it refuses before any handler runs — carries the {@link SecurityHeaders}, and none names
 * the server or its version ({@link ErrorAnswer}).
 */
public final class WebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public WebServer(ServerConfig config, ResourceConfig application) {
        this(config, application, new SecurityHeaders(java.util.List.of()), null, null);
    }

    /**
     * A server whose every answer carries {@code headers}, and whose every request first passes {@code router} (which
     * status page it is for), if not null, then {@code guard} (authentication), if not null, then {@code shortcuts} in
     * order (filters that answer some requests from memory before Jersey).
     */
    public WebServer(ServerConfig config, ResourceConfig application, SecurityHeaders headers, Filter router,
                     Filter guard, Filter... shortcuts) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(headers, "headers");
        QueuedThreadPool threads = new QueuedThreadPool(200);
        threads.setName("upwatch-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-request-", 0).factory()));
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // no "Server: Jetty(12.x)": a version tells an attacker which holes to try
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setStopTimeout(5_000);

        ErrorAnswer errors = new ErrorAnswer(headers);
        server.setErrorHandler(errors); // requests refused while parsing: 400, 414, 431
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setErrorHandler(errors); // refused by the servlet layer, e.g. an ambiguous path
        ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(application));
        jersey.setInitOrder(1);
        jersey.setAsyncSupported(true); // Server-Sent Events hold the request open asynchronously
        context.addServlet(jersey, "/*");
        for (Filter first : java.util.Arrays.asList(router, guard)) {
            if (first != null) {
                FilterHolder filter = new FilterHolder(first);
                filter.setAsyncSupported(true);
                context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
        }
        for (Filter shortcut : shortcuts) {
            context.addFilter(new FilterHolder(Objects.requireNonNull(shortcut, "shortcut")), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
            if (shortcut instanceof AutoCloseable closeable) {
                // A filter that holds requests open (live page streams) ends them as soon as the server begins to stop,
                // so that stopping does not wait out its graceful timeout for them.
                server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopping(org.eclipse.jetty.util.component.LifeCycle event) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("closing " + shortcut + " failed", e);
                        }
                    }
                });
            }
        }
        GzipHandler gzip = new GzipHandler();
        gzip.setMinGzipSize(512);
        gzip.setHandler(context);
        server.setHandler(new HeadersHandler(headers, gzip));
    }

    /**
     * Adds the security headers to every answer that passes the handlers, first and again just before it is
     * committed, so that a response reset on the way (a servlet {@code reset()}, an error page) still has them.
     */
    private static final class HeadersHandler extends Handler.Wrapper {
        private final SecurityHeaders headers;

        HeadersHandler(SecurityHeaders headers, Handler next) {
            super(next);
            this.headers = headers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            headers.addMissing(response.getHeaders()); // for an answer completed without a write, e.g. a 304
            return super.handle(request, new Response.Wrapper(request, response) {
                @Override
                public void write(boolean last, ByteBuffer content, Callback written) {
                    if (!isCommitted()) {
                        headers.addMissing(getHeaders());
                    }
                    super.write(last, content, written);
                }
            }, callback);
        }
    }

    /** Starts listening. */
    public void start() throws Exception {
        start(CompletableFuture.completedFuture(null));
    }

    /**
     * Starts the handlers (Jersey's resource model: the larger part of a start) at once, and the listener only once
     * {@code listen} completes, on the calling thread: so the start can build the model while another thread restores
     * what the first answers must show. When {@code listen} fails, nothing listens and this throws.
     */
    public void start(CompletableFuture<?> listen) throws Exception {
        Objects.requireNonNull(listen, "listen");
        org.eclipse.jetty.util.component.LifeCycle.Listener gate = new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                listen.join(); // Jetty starts the connectors after the handlers; the port is bound after this
            }
        };
        connector.addEventListener(gate);
        try {
            server.start();
        } finally {
            connector.removeEventListener(gate);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080/}. */
    public URI baseUri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
