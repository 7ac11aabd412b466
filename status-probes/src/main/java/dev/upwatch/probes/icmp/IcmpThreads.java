package dev.upwatch.probes.icmp;

import dev.upwatch.core.probe.ProbeEnvironment;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;

/**
 * The platform threads ICMP exchanges run on, one per exchange in flight (cached, daemons, named
 * {@code upwatch-icmp-N}), shared by the icmp probes of one environment and stopped with it. Native socket calls block
 * the thread they run on; on a check's virtual thread that would pin its carrier and stall every other check.
 */
final class IcmpThreads implements AutoCloseable {
    private final ExecutorService executor;

    private IcmpThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "upwatch-icmp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = Executors.newCachedThreadPool(threads);
    }

    static IcmpThreads of(ProbeEnvironment environment) {
        return environment.shared(IcmpThreads.class, IcmpThreads.class, IcmpThreads::new);
    }

    <T> Future<T> submit(Callable<T> exchange) {
        return executor.submit(exchange);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
