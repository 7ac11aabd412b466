package dev.upwatch.probes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real server program (redis-server, mariadbd) that a test starts on a free port of 127.0.0.1 and stops afterwards.
 * The port is found free, then handed to the program; if the program cannot bind it (taken in between), another is
 * tried.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code command.apply(port)} and waits until it accepts TCP connections on 127.0.0.1:port.
     *
     * @param log     where the program's output goes (shown when it fails to start)
     * @param startup how long it may take to accept connections
     */
    public static ServerProcess start(IntFunction<List<String>> command, Path log, Duration startup)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = free.getLocalPort();
            }
            Process process = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(process, port, log);
            if (server.awaitAccepting(startup)) {
                return server;
            }
            server.close();
            if (attempt == 3) {
                throw new IOException(command.apply(port).get(0) + " did not accept connections on port " + port
                        + " within " + startup + ":\n" + Files.readString(log));
            }
        }
    }

    /** The program at {@code path}, or a failure saying which Debian package installs it ({@code .ci/run} does). */
    public static Path executable(String path, String debianPackage) {
        Path program = Path.of(path);
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(path + " is missing: install the Debian package " + debianPackage
                    + " (.ci/run installs it)");
        }
        return program;
    }

    /** The port the program listens on. */
    public int port() {
        return port;
    }

    /** The program's output so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    private boolean awaitAccepting(Duration startup) throws InterruptedException {
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
