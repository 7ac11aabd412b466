package dev.upwatch.probes.redis;

import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Dialer;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.PhaseTimer;
import dev.upwatch.probes.net.TlsLayer;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Redis check with Jedis: connect (and TLS), log in, run the command, read its reply as {@code [RESULT]}.
 * {@code [CONNECTED]} is true when the command got a reply that is not an error. Phases: {@code dns}, {@code connect},
 * {@code tls} (with TLS), {@code auth} (when a password or database is set), {@code query}; the response time covers
 * them all.
 *
 * <p>Jedis never opens a socket here: it is handed a {@link JedisSocketFactory} that resolves and connects through the
 * {@link ProbeEnvironment} ({@link Dialer}) and layers TLS itself ({@link TlsLayer}), so the connection goes to the
 * address the egress policy checked and the certificate is checked against the configured name.
 */
final class RedisProbe implements Probe {
    /** Longest reply text kept as {@code [RESULT]}, in characters (an {@code INFO} reply is a few KiB). */
    static final int MAX_RESULT = 65_536;

    private final Dialer dialer;
    private final Endpoint endpoint;
    private final RedisLogin login;
    private final ProtocolCommand command;
    private final String[] arguments;
    private final Optional<TlsLayer> tls;

    RedisProbe(ProbeEnvironment environment, Endpoint endpoint, RedisLogin login, List<String> command,
               Optional<TlsLayer> tls) {
        this.dialer = new Dialer(environment);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.login = Objects.requireNonNull(login, "login");
        byte[] name = command.get(0).getBytes(StandardCharsets.UTF_8);
        this.command = () -> name;
        this.arguments = command.subList(1, command.size()).toArray(String[]::new);
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        PhaseTimer timer = PhaseTimer.start();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        try (Connection connection = new Connection(new CheckSockets(context, timer, outcome), config(context))) {
            if (login.sendsAnything()) {
                timer.lap("auth");
            }
            connection.sendCommand(command, arguments);
            Object reply = connection.getOne();
            timer.lap("query");
            text(reply).ifPresent(result -> outcome.result(result.length() > MAX_RESULT
                    ? result.substring(0, MAX_RESULT) : result));
            return timer.describeTo(outcome.connected(true)).build();
        } catch (JedisDataException e) {
            // An error reply, to the login or to the command.
            return timer.describeTo(outcome).error("redis replied: " + FailureReason.clean(String.valueOf(e.getMessage())))
                    .build();
        } catch (JedisConnectionException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("check of " + endpoint + " interrupted");
            }
            return timer.describeTo(outcome).error(FailureReason.of(e, context.timeout())).build();
        }
    }

    private JedisClientConfig config(ProbeContext context) {
        int millis = (int) Math.clamp(context.remaining().toMillis(), 1, Integer.MAX_VALUE);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).database(login.database())
                // No protocol and no negotiation: plain AUTH and SELECT as every Redis since 2.x (and KeyDB, Valkey,
                // Dragonfly) understands them, no HELLO (Redis 6+ only), no CLIENT SETINFO: nothing is sent but the
                // login and the configured command, and replies are RESP2's.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        login.username().ifPresent(config::user);
        login.password().ifPresent(config::password);
        return config.build();
    }

    /** A reply as text: bulk and status replies decoded as UTF-8, integers in decimal, an array by its first element. */
    static Optional<String> text(Object reply) {
        return switch (reply) {
            case null -> Optional.empty();
            case byte[] bytes -> Optional.of(new String(bytes, StandardCharsets.UTF_8));
            case List<?> list -> list.isEmpty() ? Optional.empty() : text(list.get(0));
            default -> Optional.of(reply.toString());
        };
    }

    /** Jedis's sockets for one check: dialed through the environment, TLS layered by the probe. */
    private final class CheckSockets implements JedisSocketFactory {
        private final ProbeContext context;
        private final PhaseTimer timer;
        private final ProbeOutcome.Builder outcome;

        CheckSockets(ProbeContext context, PhaseTimer timer, ProbeOutcome.Builder outcome) {
            this.context = context;
            this.timer = timer;
            this.outcome = outcome;
        }

        @Override
        public Socket createSocket() {
            Socket socket = null;
            try {
                socket = dialer.dial(endpoint, context, timer, outcome);
                if (tls.isPresent()) {
                    socket = tls.get().handshake(socket, endpoint.port(), context, timer, outcome);
                }
                socket.setSoTimeout((int) Math.clamp(context.remaining().toMillis(), 1, Integer.MAX_VALUE));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                throw new JedisConnectionException(e);
            }
        }

        private static void closeQuietly(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing after a failure
                }
            }
        }
    }
}
