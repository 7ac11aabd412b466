package dev.upwatch.probes.http;

import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.io.ClientConnectionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Jetty request tag of one {@code http} probe (one monitor), so that the probe has destinations of its own that
 * live as long as it does, and through which each check's connections reach that check's {@link ConnectionTrace}.
 *
 * <p>Jetty keys destinations by tag: a tag per probe gives the probe one destination per origin it visits, made at its
 * first check and removed when the probe closes ({@link SharedHttpClient#removeDestinations}) or after the client's
 * destination idle timeout. Making and removing a destination at every check (the tag was the check's trace) cost
 * about 10 % of the probe's CPU besides closing the connection (docs/benchmarks.md). A destination of a probe tag
 * never hands a connection to a second exchange ({@link SharedHttpClient}), so every check still opens its own.
 *
 * <p>One check at a time holds the tag ({@link #claim}); the resolver binds the holder's trace into each new
 * connection's context when the connection is asked for, on the check's own thread, so a connection's events go to the
 * check that opened it even after the tag has passed to the next check. Because this class is a
 * {@link ClientConnectionFactory.Decorator}, Jetty wraps each new connection's factory with it, which is how the
 * trace learns when the TCP connection is up and can listen to the TLS handshake.
 */
final class ProbeTag implements ClientConnectionFactory.Decorator {
    private final AtomicReference<ConnectionTrace> holder = new AtomicReference<>();
    /** The destinations requests with this tag went through, by origin: one per origin visited, the newest. */
    private final Map<Origin, Destination> destinations = new ConcurrentHashMap<>();

    /** A tag held by {@code trace} from the start, for a check that could not claim its probe's own tag. */
    static ProbeTag heldBy(ConnectionTrace trace) {
        ProbeTag tag = new ProbeTag();
        tag.holder.set(trace);
        return tag;
    }

    /** Makes {@code trace} the holder; false when another check holds the tag (the checks overlap). */
    boolean claim(ConnectionTrace trace) {
        return holder.compareAndSet(null, trace);
    }

    /** Ends {@code trace}'s hold, if it holds the tag. */
    void release(ConnectionTrace trace) {
        holder.compareAndSet(trace, null);
    }

    /** The trace of the check holding the tag, if one does. */
    Optional<ConnectionTrace> holder() {
        return Optional.ofNullable(holder.get());
    }

    /** Notes that a request with this tag is sent through {@code destination}. */
    void sentThrough(Destination destination) {
        if (destinations.get(destination.getOrigin()) != destination) {
            destinations.put(destination.getOrigin(), destination);
        }
    }

    /** The destinations noted so far, forgotten here (their owner removes them from the client). */
    List<Destination> forgetDestinations() {
        List<Destination> noted = new ArrayList<>();
        destinations.keySet().forEach(origin -> {
            Destination destination = destinations.remove(origin);
            if (destination != null) {
                noted.add(destination);
            }
        });
        return noted;
    }

    @Override
    public ClientConnectionFactory apply(ClientConnectionFactory factory) {
        return ConnectionTrace.traced(factory);
    }
}
