package com.example.probe;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An out-of-tree probe, as a team would write it in its own jar with only status-core on the classpath:
 * sends Redis's {@code PING} and expects {@code +PONG}. It is the example of docs/probes.md.
 */
public final class RedisPingProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "redis-ping";
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        String host = settings.requireString("host");
        int port = settings.integer("port", 6379, 1, 65_535);
        return context -> {
            long start = System.nanoTime();
            CheckedAddress address;
            try {
                address = environment.resolve(host).get(0); // refused addresses throw: the check is BLOCKED
            } catch (UnknownHostException e) {
                return ProbeOutcome.unreachable("unknown host " + host);
            }
            try (Socket socket = environment.connect(address, port, context.remaining())) {
                socket.setSoTimeout((int) Math.max(1, context.remaining().toMillis()));
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                ProbeOutcome.Builder outcome = ProbeOutcome.builder().connected(true)
                        .elapsed(Duration.ofNanos(System.nanoTime() - start))
                        .ip(address.hostAddress());
                if (context.needs(Placeholder.BODY) && reply != null) {
                    outcome.body(reply);
                }
                return outcome.build();
            } catch (IOException e) {
                return ProbeOutcome.unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        };
    }

    /** Without an environment the probe can reach nothing: validation only. */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[BODY] == +PONG");
    }
}
