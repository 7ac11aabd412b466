package dev.upwatch.web;

import dev.upwatch.web.config.ServerConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.Executors;

/** Jetty serving the Jersey application on virtual threads, with gzip for text responses. */
public final class WebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public WebServer(ServerConfig config, ResourceConfig application) {
        this(config, application, null);
    }

    /**
     * A server whose every request first passes {@code guard} (authentication, security headers), if not null, then
     * {@code shortcuts} in order (filters that answer some requests from memory before Jersey).
     */
    public WebServer(ServerConfig config, ResourceConfig application, Filter guard, Filter... shortcuts) {
        Objects.requireNonNull(config, "config");
        QueuedThreadPool threads = new QueuedThreadPool(200);
        threads.setName("upwatch-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-request-", 0).factory()));
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setStopTimeout(5_000);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(application));
        jersey.setInitOrder(1);
        jersey.setAsyncSupported(true); // Server-Sent Events hold the request open asynchronously
        context.addServlet(jersey, "/*");
        if (guard != null) {
            FilterHolder filter = new FilterHolder(guard);
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
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
        server.setHandler(gzip);
    }

    /** Starts listening. */
    public void start() throws Exception {
        server.start();
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
