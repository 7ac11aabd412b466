package dev.upwatch.probes.http;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's own time that the response time leaves out: from a connection being ready to its request written. */
class ConnectionTraceTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theEarliestReportOfTheRequestWrittenCounts() {
        // A fast answer can begin before Jetty reports the request committed: the answer's start then ends the wait.
        ConnectionTrace trace = new ConnectionTrace(false);
        long before = System.nanoTime();
        trace.tcpConnected(SERVER);
        long after = System.nanoTime();

        trace.requestWritten(after + 5 * MS); // the commit, reported late
        trace.requestWritten(after + 2 * MS); // the answer began earlier
        long client = trace.clientNanos();
        assertTrue(client >= 2 * MS && client <= 2 * MS + (after - before), "client time " + client);

        trace.requestWritten(after + 9 * MS);
        assertEquals(client, trace.clientNanos(), "a later report changes nothing");
    }

    @Test
    void eachConnectionAddsItsOwnWaitAndNothingBeforeItIsReady() {
        ConnectionTrace trace = new ConnectionTrace(false);
        trace.requestWritten(System.nanoTime() + 50 * MS); // no connection yet: nothing to count
        assertEquals(0, trace.clientNanos());

        long before = System.nanoTime();
        trace.tcpConnected(SERVER);
        long after = System.nanoTime();
        trace.requestWritten(after + MS);
        long first = trace.clientNanos();

        trace.tcpConnected(SERVER); // a redirect's new connection: the first one's wait is kept
        assertEquals(first, trace.clientNanos());
        long secondReady = System.nanoTime();
        trace.requestWritten(secondReady + 3 * MS);
        long both = trace.clientNanos();
        assertTrue(both >= first + 3 * MS - (secondReady - before) && both <= first + 3 * MS + (secondReady - before),
                "both waits " + both + ", first " + first);
    }

    @Test
    void aReportBeforeTheConnectionWasReadyCountsAsNoWait() {
        ConnectionTrace trace = new ConnectionTrace(false);
        long before = System.nanoTime();
        trace.tcpConnected(SERVER);
        trace.requestWritten(before - MS);
        assertEquals(0, trace.clientNanos());
    }
}
