package dev.upwatch.core;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs each task at once on the calling thread: with a {@link MovableClock}, checks run inside {@code advance}. */
public final class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutDown;

    @Override
    public void execute(Runnable command) {
        if (shutDown) {
            throw new RejectedExecutionException("shut down");
        }
        command.run();
    }

    @Override
    public void shutdown() {
        shutDown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutDown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutDown;
    }

    @Override
    public boolean isTerminated() {
        return shutDown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutDown;
    }
}
