package dev.upwatch.probes.http;

import org.eclipse.jetty.io.ClientConnector;

/**
 * The shared client's connector: it connects in the calling thread when that thread is virtual (a check's own
 * thread), and through the selector otherwise.
 *
 * <p>A check's thread has nothing else to do while it waits, so connecting in place saves the hand-offs between the
 * selector and pool threads that a non-blocking connect costs (they showed up as response time). A platform thread
 * of the client's pool is never blocked this way. A blocked connect ends when the runner interrupts the check at its
 * deadline, which closes the channel.
 */
final class ProbeConnector extends ClientConnector {

    @Override
    public boolean isConnectBlocking() {
        return Thread.currentThread().isVirtual();
    }
}
