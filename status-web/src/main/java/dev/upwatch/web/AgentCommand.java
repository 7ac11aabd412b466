package dev.upwatch.web;

import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.agent.AgentSettings;
import dev.upwatch.web.agent.RemoteAgent;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code agent --server URL --token upw_... --location L [--data-dir DIR] [--deny-private] [--allow CIDR]...
 * [--poll 30s] [--batch-every 2s] [--buffer-limit-mb 256]}: a remote agent for a private network. It opens no database
 * and serves nothing; it runs until it is asked to stop.
 */
final class AgentCommand {
    private AgentCommand() {
    }

    /** Reads the options and runs the agent until the process is asked to stop. */
    static int run(List<String> args, ProbeRegistry probes, Map<String, String> environment, PrintStream out)
            throws Exception {
        AgentSettings settings = settings(args, environment);
        RemoteAgent agent = RemoteAgent.start(settings, probes, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "upwatch-agent-shutdown"));
        out.println("Upwatch agent for location " + settings.location() + " reporting to " + settings.server()
                + " (buffer in " + settings.dataDirectory().toAbsolutePath() + ")");
        stopped.await();
        return 0;
    }

    /** The settings the options give; an {@link IllegalArgumentException} names the option at fault. */
    static AgentSettings settings(List<String> args, Map<String, String> environment) {
        String server = required(args, "--server");
        String token = Main.option(args, "--token");
        if (token == null) {
            token = environment.get("UPWATCH_AGENT_TOKEN");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--token: the agent token is required (or UPWATCH_AGENT_TOKEN)");
        }
        String location = required(args, "--location");
        String dataDir = Main.option(args, "--data-dir");
        List<Cidr> allowed = new ArrayList<>();
        for (String cidr; (cidr = Main.option(args, "--allow")) != null; ) {
            try {
                allowed.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow: " + e.getMessage(), e);
            }
        }
        boolean denyPrivate = args.remove("--deny-private");
        Duration poll = duration(args, "--poll", AgentSettings.DEFAULT_POLL);
        Duration batchEvery = duration(args, "--batch-every", AgentSettings.DEFAULT_BATCH_EVERY);
        String limit = Main.option(args, "--buffer-limit-mb");
        long limitBytes = AgentSettings.DEFAULT_BUFFER_LIMIT;
        if (limit != null) {
            try {
                limitBytes = Long.parseLong(limit) << 20;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--buffer-limit-mb: '" + limit + "' is not a whole number", e);
            }
            if (limitBytes < 2L << 20) {
                throw new IllegalArgumentException("--buffer-limit-mb: at least 2");
            }
        }
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + args.get(0));
        }
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server: '" + server + "' is not a URL", e);
        }
        if (uri.getScheme() == null || !List.of("https", "http").contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--server: give the server's address, e.g. https://status.example.com");
        }
        Location at;
        try {
            at = Location.of(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--location: " + e.getMessage(), e);
        }
        EgressPolicy egress = denyPrivate ? EgressPolicy.denyPrivate(allowed) : new EgressPolicy(false, allowed);
        return new AgentSettings(uri, token.strip(), at, Path.of(dataDir == null ? "upwatch-agent" : dataDir), egress,
                poll, batchEvery, AgentSettings.DEFAULT_BATCH_SIZE, limitBytes);
    }

    private static String required(List<String> args, String name) {
        String value = Main.option(args, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": is required");
        }
        return value;
    }

    private static Duration duration(List<String> args, String name, Duration fallback) {
        String text = Main.option(args, name);
        if (text == null) {
            return fallback;
        }
        try {
            Duration value = DurationText.parse(text);
            if (value.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("at least 100ms");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
