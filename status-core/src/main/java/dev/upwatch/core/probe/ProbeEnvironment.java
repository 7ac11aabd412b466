package dev.upwatch.core.probe;

import dev.upwatch.core.model.ProbeSettings;

import dev.upwatch.core.model.MonitorId;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the engine that owns the probes hands every probe factory ({@link ProbeFactory#create(ProbeSettings,
 * ProbeEnvironment)}): the only way a built-in probe reaches the network, its clock, and the push inbox. One per engine.
 *
 * <p>Every way out is checked against the {@link EgressPolicy}: {@link #resolve} returns only allowed addresses (a
 * refusal is an {@link EgressDeniedException} naming the rule, which the runner records as {@code BLOCKED}), and
 * {@link #connect} and {@link #openDatagram} take only such a {@link CheckedAddress} and connect to exactly that address,
 * never looking the name up again (no DNS rebinding between check and connect). A library that opens its own
 * connections (the HTTP client) gets its addresses from {@link #resolve} and has each address it is about to connect to
 * confirmed by {@link #check}.
 *
 * <p>Names are looked up with the environment's {@link NameResolver} (the system's by default; tests inject their own).
 * Resources a factory shares between its probes (a client with its threads) live as long as the environment
 * ({@link #shared}) and are closed with it.
 */
public final class ProbeEnvironment implements AutoCloseable {
    private static final ProbeEnvironment OFFLINE = new ProbeEnvironment(EgressPolicy.defaults(), NameResolver.system(),
            Clock.systemUTC(), Mode.OFFLINE);

    /** What the environment does with an allowed target. */
    private enum Mode {
        /** Connects: the environment of an engine. */
        CONNECTED,
        /** Judges targets but never connects (a connect fails): {@code check-config}'s look at what would be refused. */
        DRY_RUN,
        /** Refuses everything: probes built without an environment. */
        OFFLINE
    }

    private final EgressPolicy policy;
    private final NameResolver resolver;
    private final Clock clock;
    private final Mode mode;
    private final PushInbox pushes;
    private final Map<Object, AutoCloseable> shared = new ConcurrentHashMap<>();
    private volatile ProbeOwner owner;
    private volatile boolean closed;

    private ProbeEnvironment(EgressPolicy policy, NameResolver resolver, Clock clock, Mode mode) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mode = mode;
        this.pushes = new PushInbox(clock, this);
    }

    /** Starts an environment: the {@linkplain EgressPolicy#defaults() built-in policy}, the system's resolver, UTC. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The environment of probes built without one ({@link ProbeFactory#create(ProbeSettings)} of a built-in factory,
     * e.g. to validate settings): it refuses every resolve and connect, so such a probe can never reach anything.
     */
    public static ProbeEnvironment offline() {
        return OFFLINE;
    }

    /** Whether this is the {@linkplain #offline() offline} environment: its probes reach nothing, so start nothing. */
    public boolean isOffline() {
        return mode == Mode.OFFLINE;
    }

    /** The policy every resolve and connect follows. */
    public EgressPolicy egressPolicy() {
        return policy;
    }

    /** The engine's wall clock. */
    public Clock clock() {
        return clock;
    }

    /** Where push monitors' pushes arrive. */
    public PushInbox pushInbox() {
        return pushes;
    }

    /**
     * Resolves {@code host} and checks every address (see {@link EgressPolicy#resolve}).
     *
     * @param host a name or an address literal (IPv6 bracketed or not)
     * @return the allowed addresses, in the order to try them; never empty
     * @throws UnknownHostException  when the name does not resolve
     * @throws EgressDeniedException when the policy refuses the spelling or any address
     */
    public List<CheckedAddress> resolve(String host) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        requireOnline(host);
        List<InetAddress> addresses = policy.resolve(host, resolver);
        List<CheckedAddress> checked = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            checked.add(new CheckedAddress(host, address));
        }
        return checked;
    }

    /**
     * Checks one address a library is about to connect to (one it got from {@link #resolve}), so a connection to
     * anything else is refused even if the library were handed another address.
     *
     * @throws EgressDeniedException when the policy refuses it
     * @throws IOException           in a dry run, where no connection is made
     */
    public CheckedAddress check(InetAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        String literal = address.getHostAddress();
        requireOnline(literal);
        policy.requireAllowed(literal, List.of(address));
        requireConnecting(literal);
        return new CheckedAddress(literal, address);
    }

    /**
     * Opens a TCP connection to {@code address}:{@code port}.
     *
     * @param timeout connect time-out; rounded up to whole milliseconds, at least 1
     * @return the connected socket; the caller closes it
     * @throws IOException when the connection fails (refused, timed out, no route, or a dry run)
     */
    public Socket connect(CheckedAddress address, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        requireConnecting(address.toString());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address.address(), port), millis(timeout));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a UDP socket that sends to and receives from {@code address}:{@code port} only.
     *
     * @throws IOException when no socket can be opened (or in a dry run)
     */
    public DatagramLink openDatagram(CheckedAddress address, int port) throws IOException {
        Objects.requireNonNull(address, "address");
        requireConnecting(address.toString());
        DatagramSocket socket = new DatagramSocket();
        try {
            socket.connect(new InetSocketAddress(address.address(), port));
            return new DatagramLink(socket, address, port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * The resource under {@code key}, made by {@code create} on first use and closed when this environment closes: how
     * a factory shares one client (and its threads) between the probes of one engine.
     *
     * @throws IllegalStateException when the environment is closed
     */
    public <T extends AutoCloseable> T shared(Object key, Class<T> type, Supplier<T> create) {
        if (closed) {
            throw new IllegalStateException("the probe environment is closed");
        }
        return type.cast(shared.computeIfAbsent(key, k -> Objects.requireNonNull(create.get(), "created")));
    }

    /**
     * Asks the engine to check, at once, the monitor {@code probe} checks (for probes told of events, like a push).
     *
     * @return that monitor; empty when no engine runs the probe now
     */
    public Optional<MonitorId> checkNow(Probe probe) {
        return owner().flatMap(engine -> engine.monitorOf(probe).filter(engine::checkNow));
    }

    /**
     * Binds the engine that owns the probes built with this environment.
     *
     * @throws IllegalStateException when an engine is bound already: one environment serves one engine
     */
    public synchronized void bindOwner(ProbeOwner engine) {
        Objects.requireNonNull(engine, "engine");
        if (this == OFFLINE) {
            throw new IllegalStateException("the offline probe environment cannot serve an engine");
        }
        if (owner != null) {
            throw new IllegalStateException("this probe environment already serves an engine; give each engine its own");
        }
        owner = engine;
    }

    Optional<ProbeOwner> owner() {
        return Optional.ofNullable(owner);
    }

    /** Closes every {@linkplain #shared shared} resource; probes of this environment fail from now on. */
    @Override
    public void close() {
        if (this == OFFLINE) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : List.copyOf(shared.values())) {
            try {
                resource.close();
            } catch (Exception e) {
                System.getLogger(ProbeEnvironment.class.getName()).log(System.Logger.Level.WARNING,
                        "closing a shared probe resource failed: " + e);
            }
        }
        shared.clear();
    }

    private void requireOnline(String target) {
        if (mode == Mode.OFFLINE) {
            throw new EgressDeniedException(EgressPolicy.BLOCKED_PREFIX + target + " is not reached: the probe was built"
                    + " without a probe environment (ProbeFactory.create(settings)); engines build probes with"
                    + " create(settings, environment)");
        }
    }

    private void requireConnecting(String target) throws IOException {
        if (mode == Mode.DRY_RUN) {
            throw new DryRunException(target);
        }
    }

    private static int millis(Duration timeout) {
        return Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** A connect refused because the environment only judges targets. */
    private static final class DryRunException extends IOException {
        private static final long serialVersionUID = 1L;

        DryRunException(String target) {
            super("dry run: no connection to " + target);
        }
    }

    /** Builds a {@link ProbeEnvironment}. */
    public static final class Builder {
        private EgressPolicy policy = EgressPolicy.defaults();
        private NameResolver resolver = NameResolver.system();
        private Clock clock = Clock.systemUTC();
        private boolean dryRun;

        private Builder() {
        }

        /** The policy every resolve and connect follows. */
        public Builder egressPolicy(EgressPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Looks names up; the system's resolver by default. */
        public Builder nameResolver(NameResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The wall clock probes read (certificate dates, push ages). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Judges every target by the policy but connects to none: a probe run in this environment ends either refused
         * ({@link EgressDeniedException}) or failing to connect. {@code check-config} uses it to say what would be
         * refused without sending anything.
         */
        public Builder dryRun() {
            this.dryRun = true;
            return this;
        }

        public ProbeEnvironment build() {
            return new ProbeEnvironment(policy, resolver, clock, dryRun ? Mode.DRY_RUN : Mode.CONNECTED);
        }
    }
}
