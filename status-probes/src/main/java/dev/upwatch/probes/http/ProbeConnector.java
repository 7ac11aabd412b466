package dev.upwatch.probes.http;

import dev.upwatch.core.probe.ProbeEnvironment;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.SelectorManager;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The shared client's connector: it connects in the calling thread when that thread is a check's own virtual thread
 * sending its request, and through the selector otherwise.
 *
 * <p>A check's thread has nothing else to do while it waits, so connecting in place saves the hand-offs between the
 * selector and pool threads that a non-blocking connect costs (they showed up as response time). A platform thread
 * of the client's pool is never blocked this way. An in-place connect is limited by the check's own deadline
 * ({@link #limitConnectsTo}), and ends early when the runner interrupts the check, which closes the channel.
 *
 * <p>The moment the TCP connection is up is told to the check's {@link ConnectionTrace} from the thread that made the
 * connect, as it returns ({@link ConnectionTrace#socketConnected}); Jetty hands the connection to a selector thread
 * only after that.
 *
 * <p>Every address is confirmed by the {@link ProbeEnvironment} ({@link ProbeEnvironment#check}) right before the
 * connect: the addresses come from the environment's own resolve, and this second look makes sure nothing else is ever
 * connected to, whatever hands Jetty an address.
 */
public final class ProbeConnector extends ClientConnector {
    private static final System.Logger LOG = System.getLogger(ProbeConnector.class.getName());
    /** {@link System#nanoTime()} deadline of the check running on this thread, if one is set. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
    /** The trace of the connection this thread is opening, while {@link #connect} runs. */
    private static final ThreadLocal<ConnectionTrace> CONNECTING = new ThreadLocal<>();

    private final ProbeEnvironment environment;

    /** A connector that connects only to addresses {@code environment} confirms (also used by the gRPC probe's client). */
    public ProbeConnector(ProbeEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        addEventListener(new ConnectListener() {
            @Override
            public void onConnectSuccess(SocketChannel channel) {
                // A connect that completes later, on a selector thread, finds no trace here: the trace then takes
                // the connection's creation as the end of the connect, as before.
                ConnectionTrace trace = CONNECTING.get();
                if (trace != null) {
                    trace.socketConnected();
                }
            }
        });
    }

    @Override
    public void connect(SocketAddress address, Map<String, Object> context) {
        try {
            if (!(address instanceof InetSocketAddress inet) || inet.isUnresolved()) {
                throw new IOException("not a resolved address: " + address);
            }
            environment.check(inet.getAddress());
        } catch (IOException | RuntimeException refused) {
            connectFailed(null, address, refused, context);
            return;
        }
        ConnectionTrace trace = ConnectionTrace.of(context).orElse(null);
        if (trace == null) {
            super.connect(address, context);
            return;
        }
        CONNECTING.set(trace);
        try {
            super.connect(address, context);
        } finally {
            CONNECTING.remove();
        }
    }

    /**
     * Jetty's selector manager, except that the selector's per-connection steps run in place instead of on a pool
     * thread: registering a channel connected in place and making its connection ({@code ManagedSelector.Accept}),
     * the same after a connect through the selector ({@code CreateEndPoint}), and telling a closed endpoint's
     * connection that it closed ({@code DestroyEndPoint}). For a probe's connection these make the endpoint and the
     * connection, write the request, or drop the connection, and none of them blocks (the transport's callbacks are
     * non-blocking, see {@link SharedHttpClient}), so the hand-off to a pool thread only cost a thread wake-up or two
     * per check. Jetty makes exactly these steps {@link Closeable} (to close the channel when the pool refuses the task);
     * the selector's own loop is not, and still gets a thread of its own.
     */
    @Override
    protected SelectorManager newSelectorManager() {
        return new ClientSelectorManager(getExecutor(), getScheduler(), getSelectors()) {
            @Override
            protected void execute(Runnable task) {
                if (task instanceof Closeable) {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        // As a pool thread would have: the failure is the step's own, not its caller's.
                        LOG.log(System.Logger.Level.WARNING, "a selector step failed: " + task, e);
                    }
                } else {
                    super.execute(task);
                }
            }
        };
    }

    /** Limits connects made in place on this thread to {@code deadlineNanos}, until {@link #clearConnectLimit()}. */
    static void limitConnectsTo(long deadlineNanos) {
        DEADLINE.set(deadlineNanos);
    }

    /** Ends the limit set by {@link #limitConnectsTo}. */
    static void clearConnectLimit() {
        DEADLINE.remove();
    }

    /** In place only inside a check's {@code send} ({@link #limitConnectsTo}) on its virtual thread. */
    @Override
    public boolean isConnectBlocking() {
        return DEADLINE.get() != null && Thread.currentThread().isVirtual();
    }

    /** For an in-place connect, the time left to the check's deadline (at least 1 ms: 0 would mean "no limit"). */
    @Override
    public Duration getConnectTimeout() {
        if (!isConnectBlocking()) {
            return super.getConnectTimeout();
        }
        Duration left = Duration.ofNanos(Math.max(0, DEADLINE.get() - System.nanoTime()));
        Duration configured = super.getConnectTimeout();
        return left.compareTo(configured) < 0 ? (left.toMillis() < 1 ? Duration.ofMillis(1) : left) : configured;
    }
}
