package dev.upwatch.web;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EgressPreflight;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.web.auth.PasswordHash;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.LoggingConfig;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.guice.PersistenceModule;
import dev.upwatch.web.logging.LogSetup;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code serve [--config FILE]} (the default command; without a file, the built-in demo),
 * {@code check-config FILE}, {@code migrate [--config FILE]} (applies schema migrations, then exits),
 * {@code token create|list|revoke} (API tokens in the configured storage) and {@code password-hash}.
 */
public final class Main {
    /** Exit code for a bad command line or configuration. */
    static final int EXIT_CONFIG = 2;
    private static final String DEMO = "demo/demo.yml";
    private static final String USAGE = """
            usage: java -jar upwatch.jar [serve] [--config FILE]
                   java -jar upwatch.jar check-config FILE
                   java -jar upwatch.jar migrate [--config FILE]
                   java -jar upwatch.jar token create --scope admin|read [--name NAME] [--config FILE] [--print-only]
                   java -jar upwatch.jar token list [--config FILE]
                   java -jar upwatch.jar token revoke ID [--config FILE]
                   java -jar upwatch.jar password-hash      (reads the password from standard input)
            Without --config, serves the built-in demo configuration (docs/examples/demo.yml).""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LogSetup.apply(LoggingConfig.defaults()); // until the configuration says otherwise
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code (serve blocks until the process is asked to stop). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, System.in, out, err);
    }

    /** Runs the command with {@code in} as standard input (read by {@code password-hash}). */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.remove(0) : "serve";
        ProbeRegistry probes = ProbeRegistry.load(Main.class.getClassLoader());
        ConfigLoader loader = new ConfigLoader(probes, System.getenv());
        try {
            switch (command) {
                case "serve" -> {
                    String file = option(rest, "--config");
                    if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("unexpected argument " + rest.get(0));
                    }
                    return serve(file == null ? demo(loader) : loader.load(Path.of(file)), out);
                }
                case "check-config" -> {
                    if (rest.size() != 1) {
                        throw new IllegalArgumentException("check-config takes one file");
                    }
                    UpwatchConfig config = loader.load(Path.of(rest.get(0)));
                    for (Monitor monitor : config.monitors()) {
                        out.printf("%-24s %-6s every %-6s %s%n", monitor.id(), monitor.probe().type(),
                                DurationText.format(monitor.interval()), monitor.name());
                    }
                    // Warnings, not errors: the policy is the operator's to choose, and what it refuses is shown as such.
                    List<EgressPreflight.Finding> refused = EgressPreflight.findings(config.monitors(), probes,
                            config.egress(), NameResolver.system());
                    refused.forEach(finding -> out.println("warning: monitor " + finding.monitor() + ": "
                            + finding.problem()));
                    out.println(rest.get(0) + ": " + config.monitors().size() + " monitors, "
                            + config.notifications().size() + " notification channels, OK"
                            + (refused.isEmpty() ? "" : " (" + refused.size() + " refused by the egress policy, see the warnings)"));
                    return 0;
                }
                case "migrate" -> {
                    String file = option(rest, "--config");
                    if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("unexpected argument " + rest.get(0));
                    }
                    UpwatchConfig config = file == null ? demo(loader) : loader.load(Path.of(file));
                    DatabaseSettings settings = PersistenceModule.settings(config.storage());
                    try (Database database = Database.open(settings)) {
                        out.println(settings + ": " + database.migrationsApplied()
                                + " migrations applied; the schema is up to date");
                    }
                    return 0;
                }
                case "token" -> {
                    return TokenCommand.run(rest, loader, out);
                }
                case "password-hash" -> {
                    if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("password-hash reads the password from standard input, not arguments");
                    }
                    String password = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))
                            .readLine();
                    if (password == null || password.isEmpty()) {
                        throw new IllegalArgumentException("password-hash: give the password on standard input");
                    }
                    out.println(PasswordHash.of(password.toCharArray()));
                    return 0;
                }
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        } catch (ConfigException e) {
            err.println("Invalid configuration:");
            err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return EXIT_CONFIG;
        }
    }

    private static int serve(UpwatchConfig config, PrintStream out) throws Exception {
        if (!config.logging().equals(LoggingConfig.defaults())) {
            LogSetup.apply(config.logging());
        }
        UpwatchApplication application = UpwatchApplication.start(config, Clock.systemUTC(), EngineSettings.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        reloadOnHangup(application);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            stopped.countDown();
        }, "upwatch-shutdown"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        String banner = "Upwatch serving " + config.page().title() + " at " + application.baseUri() + " ("
                + config.monitors().size() + " monitors, config " + config.source() + ", started in " + uptime + " ms)";
        if (config.logging().format() == LoggingConfig.Format.JSON) {
            LoggerFactory.getLogger(Main.class).info(banner); // stdout carries nothing but JSON lines then
        } else {
            out.println(banner);
        }
        stopped.await();
        return 0;
    }

    /** {@code kill -HUP}: re-reads the configuration file's monitors, as {@code POST /api/v1/admin/reload} does. */
    private static void reloadOnHangup(UpwatchApplication application) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO,
                            "SIGHUP: reloaded " + application.reload());
                } catch (RuntimeException e) {
                    System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR,
                            "SIGHUP: reload refused, nothing changed:" + System.lineSeparator() + e.getMessage());
                }
            });
        } catch (IllegalArgumentException e) {
            System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO, "no SIGHUP on this platform: " + e.getMessage());
        }
    }

    /** The configuration {@code --config} names, else the built-in demo. */
    static UpwatchConfig configOrDemo(ConfigLoader loader, String file) throws IOException {
        return file == null ? demo(loader) : loader.load(Path.of(file));
    }

    private static UpwatchConfig demo(ConfigLoader loader) throws IOException {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream(DEMO)) {
            if (in == null) {
                throw new IllegalStateException("the built-in demo configuration " + DEMO + " is missing from the jar");
            }
            return loader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yml (built in)", null);
        }
    }

    static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
