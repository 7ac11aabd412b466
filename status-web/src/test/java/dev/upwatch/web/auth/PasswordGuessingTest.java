package dev.upwatch.web.auth;

import dev.upwatch.core.MovableClock;

import dev.upwatch.core.memory.InMemoryApiTokenStore;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.WebServer;
import dev.upwatch.web.config.ServerConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Basic-auth guessing against a real server over real sockets, many clients at once: every attempt counts from its
 * start, at most {@value FailureThrottle#LIMIT} passwords of one address are ever checked per window, a client has at
 * most {@value PasswordChecks#PER_CLIENT} checks under way, and the hashes running at once stay within their bound
 * whatever the number of addresses. The window runs on a clock the test moves.
 */
class PasswordGuessingTest {
    private static final String USER = "ops";
    private static final String PASSWORD = "correct horse battery staple";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-14T12:00:00Z"));
    private WebServer server;
    private AccessFilter filter;

    /** What the guarded page answers once past the filter. */
    @Path("/")
    public static final class Page {
        @GET
        public String page() {
            return "private page";
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void serve(PasswordHash hash) throws Exception {
        AccessSettings settings = new AccessSettings(List.of(), true,
                Optional.of(new AccessSettings.BasicUser(USER, hash)), true, List.of());
        filter = new AccessFilter(new ApiTokens(new InMemoryApiTokenStore(), List.of(), clock), settings, clock);
        server = new WebServer(new ServerConfig("127.0.0.1", 0, settings), new ResourceConfig(Page.class),
                new SecurityHeaders(List.of()), null, filter);
        server.start();
    }

    @Test
    void fortyFiveConcurrentGuessesFromOneAddressAreNotAllChecked() throws Exception {
        serve(PasswordHash.of(PASSWORD.toCharArray())); // the production cost: 600,000 rounds
        Wave wave = guess(45, i -> "127.0.0.1");
        print("45 concurrent guesses, one address", wave);
        assertEquals(45, wave.count(401) + wave.count(429), wave.statuses.toString());
        assertEquals(wave.count(401), wave.hashed, "every 401 is one checked password");
        assertTrue(wave.hashed <= FailureThrottle.LIMIT, "at most 20 checked, got " + wave.hashed);
        assertTrue(wave.count(429) >= 45 - FailureThrottle.LIMIT, wave.statuses.toString());
        assertTrue(filter.passwordChecks().mostHashingAtOnce() <= Runtime.getRuntime().availableProcessors());
    }

    @Test
    void twoHundredConcurrentGuessesFromOneAddressOrFromTwoHundredKeepTheHashingBounded() throws Exception {
        serve(PasswordHash.of(PASSWORD.toCharArray()));
        Wave one = guess(200, i -> "127.0.0.1");
        print("200 concurrent guesses, one address", one);
        assertEquals(200, one.count(401) + one.count(429), one.statuses.toString());
        assertTrue(one.hashed <= FailureThrottle.LIMIT, "at most 20 checked, got " + one.hashed);

        Wave many = guess(200, i -> "127.0.1." + (i + 1)); // another block: the first address is limited by now
        print("200 concurrent guesses, 200 addresses", many);
        assertEquals(200, many.count(401) + many.count(503), many.statuses.toString());
        assertEquals(many.count(401), many.hashed, "every 401 is one checked password");
        assertTrue(many.count(503) >= 150, "most are refused unchecked while the hashing slots are taken: " + many.statuses);
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(filter.passwordChecks().mostHashingAtOnce() <= Math.max(1, cores / 2),
                "hashes at once: " + filter.passwordChecks().mostHashingAtOnce());
    }

    @Test
    void theTwentyFirstFailureInAWindowIs429EvenUnderConcurrencyAndTheWindowThenPasses() throws Exception {
        serve(PasswordHash.of(PASSWORD.toCharArray(), 10_000)); // cheap hashes: many rounds of guesses
        int unauthorized = 0;
        List<Integer> seen = new ArrayList<>();
        for (int round = 0; round < 40 && unauthorized < 25; round++) {
            Wave wave = guess(10, i -> "127.0.0.1");
            unauthorized += wave.count(401);
            seen.addAll(wave.statuses);
            if (wave.count(401) == 0 && wave.count(429) == 10 && filter.passwordChecks().hashed() >= FailureThrottle.LIMIT) {
                break;
            }
        }
        assertEquals(FailureThrottle.LIMIT, unauthorized, "exactly 20 passwords checked in the window: " + seen);
        assertEquals(FailureThrottle.LIMIT, filter.passwordChecks().hashed());
        Answer limited = request("127.0.0.1", PASSWORD);
        assertEquals(429, limited.status(), "while limited even the right password is not checked");
        assertEquals("60", limited.retryAfter(), "until the window has passed (the clock stands still)");
        assertEquals(401, request("127.0.0.2", "guess").status(), "another address is not limited");

        clock.advance(FailureThrottle.WINDOW.plusSeconds(1));
        assertEquals(200, request("127.0.0.1", PASSWORD).status(), "a minute later the right password passes");
    }

    @Test
    void parallelRequestsWithTheRightPasswordShareOneCheck() throws Exception {
        serve(PasswordHash.of(PASSWORD.toCharArray()));
        Wave wave = guess(12, i -> "127.0.0.1", i -> PASSWORD);
        assertEquals(12, wave.count(200), wave.statuses.toString());
        assertEquals(1, wave.hashed, "a browser's parallel first requests cost one hash");
    }

    /** The answers of one wave of concurrent requests, the hashes it cost and the process CPU time it took. */
    private record Wave(List<Integer> statuses, long hashed, Duration cpu, Duration elapsed) {
        long count(int status) {
            return statuses.stream().filter(s -> s == status).count();
        }
    }

    private Wave guess(int requests, java.util.function.IntFunction<String> from) throws Exception {
        return guess(requests, from, i -> "guess-" + i + "-" + System.nanoTime());
    }

    /** {@code requests} basic-auth requests sent at the same moment, request i from address {@code from(i)}. */
    private Wave guess(int requests, java.util.function.IntFunction<String> from,
                       java.util.function.IntFunction<String> password) throws Exception {
        long hashedBefore = filter.passwordChecks().hashed();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                String address = from.apply(i);
                String guess = password.apply(i);
                answers.add(clients.submit(() -> {
                    go.await();
                    return request(address, guess).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return new Wave(statuses, filter.passwordChecks().hashed() - hashedBefore,
                    Duration.ofNanos(processCpuNanos() - cpuBefore), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The status and {@code Retry-After} of one request. */
    private record Answer(int status, String retryAfter) {
    }

    /** GET / with basic credentials, over a socket bound to the loopback address {@code from}. */
    private Answer request(String from, String password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(120_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
            String credentials = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + credentials
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            String retryAfter = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.regionMatches(true, 0, "Retry-After:", 0, 12)) {
                    retryAfter = line.substring(12).trim();
                }
            }
            return new Answer(status, retryAfter);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The figures docs/security.md quotes. */
    private static void print(String what, Wave wave) {
        Map<Integer, Long> byStatus = new TreeMap<>();
        wave.statuses.forEach(s -> byStatus.merge(s, 1L, Long::sum));
        System.out.printf("%s: answers %s, passwords checked %d, process CPU %.1f s, wall %.1f s%n", what, byStatus,
                wave.hashed, wave.cpu.toMillis() / 1000.0, wave.elapsed.toMillis() / 1000.0);
    }
}
