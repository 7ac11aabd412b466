package dev.upwatch.web;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EgressPreflight;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.web.auth.PasswordHash;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.LoggingConfig;
import dev.upwatch.web.config.StatusPageConfig;
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
 * {@code token create|list|revoke} (API tokens in the configured storage), {@code user add|passwd|role|list|remove}
 * (console accounts; both also while a server runs, see {@link StoreCommands}), {@code password-hash},
 * {@code page-secret SLUG} (a secret link for a page of {@code pages}), {@code agent ...} (a remote agent, see
 * {@link AgentCommand}), {@code --help} and {@code --version}.
 */
public final class Main {
    /** Exit code for a command that could not do its work (the reason is one line on standard error). */
    static final int EXIT_FAILED = 1;
    /** Exit code for a bad command line or configuration. */
    static final int EXIT_CONFIG = 2;
    private static final String DEMO = "demo/demo.yml";
    /** Written by the build: {@code version=<project.version>}. */
    private static final String VERSION_FILE = "version.properties";
    /** H2's error code for a database file another process holds ({@code org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1}). */
    private static final int H2_DATABASE_IN_USE = org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1;
    /** The source name of the built-in demo configuration (the demo's pretend shop is served only then). */
    public static final String DEMO_SOURCE = "demo.yml (built in)";
    private static final String USAGE = """
            usage: java -jar upwatch.jar [serve] [--config FILE]
                   java -jar upwatch.jar check-config FILE
                   java -jar upwatch.jar migrate [--config FILE]
                   java -jar upwatch.jar token create --scope admin|read|agent [--location L] [--name NAME] [--config FILE] [--print-only]
                   java -jar upwatch.jar token list [--config FILE]
                   java -jar upwatch.jar token revoke ID [--config FILE]
                   java -jar upwatch.jar user add NAME --role admin|editor|viewer [--config FILE]
                                                          (reads the password from standard input)
                   java -jar upwatch.jar user passwd NAME [--config FILE]  (the same; ends the user's sessions)
                   java -jar upwatch.jar user role NAME --role admin|editor|viewer [--config FILE]
                   java -jar upwatch.jar user list|remove [NAME] [--config FILE]
                   java -jar upwatch.jar agent --server URL --location L [--token T] [--data-dir DIR]  (docs/agents.md)
                   java -jar upwatch.jar password-hash      (reads the password from standard input)
                   java -jar upwatch.jar page-secret SLUG   (a secret link for the page SLUG of pages:)
                   java -jar upwatch.jar --help | --version
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

    /** Runs the command with {@code in} as standard input (read by {@code password-hash} and {@code user}). */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (rest.equals(List.of("--version")) || rest.equals(List.of("-V"))) {
            out.println("upwatch " + version());
            return 0;
        }
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
                    try (Database database = openForCommand(settings, "migrate")) {
                        out.println(settings + ": " + database.migrationsApplied()
                                + " migrations applied; the schema is up to date");
                    }
                    return 0;
                }
                case "token", "user" -> {
                    return StoreCommands.run(command, rest, in, out, loader);
                }
                case "agent" -> {
                    return AgentCommand.run(rest, probes, System.getenv(), out);
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
                case "page-secret" -> {
                    if (rest.size() != 1 || !StatusPageConfig.SLUG.matcher(rest.get(0)).matches()) {
                        throw new IllegalArgumentException("page-secret takes the page's slug, e.g. page-secret partners");
                    }
                    TokenSecret secret = TokenSecret.generate();
                    out.println("link:   /s/" + secret.value() + "/   (after the server's public address)");
                    out.println("digest: " + secret.digest());
                    out.println("Not stored. Shown only now. Give the page this key in the configuration:");
                    out.println("  - { slug: " + rest.get(0) + ", ..., secret-link: { digest: \"" + secret.digest() + "\" } }");
                    return 0;
                }
                case "help" -> {
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
        } catch (CommandFailure e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
    }

    /** A command could not do its work for a reason the user can act on, said in one sentence (no stack trace). */
    static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String sentence, Throwable cause) {
            super(sentence, cause);
        }
    }

    /** The version the build wrote into the jar, e.g. {@code 0.1.0}. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream(VERSION_FILE)) {
            if (in == null) {
                throw new IllegalStateException(VERSION_FILE + " is missing from the jar");
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Opens the database for a one-off {@code command}. The embedded H2 file can be open in one process only: while a
     * server holds it, that is said in one sentence instead of H2's stack trace.
     *
     * @throws CommandFailure when a running server holds the embedded database
     */
    static Database openForCommand(DatabaseSettings settings, String command) {
        try {
            return Database.open(settings);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                    throw new CommandFailure("The embedded database " + embeddedFile(settings) + " is in use by a running"
                            + " Upwatch server; stop the server, run " + command + " again and start it (or store in"
                            + " PostgreSQL, which the command and the server can share).", e);
                }
            }
            throw e;
        }
    }

    /** {@code /data/upwatch} from {@code jdbc:h2:file:/data/upwatch;MODE=...}. */
    private static String embeddedFile(DatabaseSettings settings) {
        String url = settings.jdbcUrl();
        int options = url.indexOf(';');
        return (options < 0 ? url : url.substring(0, options)).replaceFirst("^jdbc:h2:(file:)?", "");
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
        // The engine's monitors: the file's and those added through the admin API (restored from the database).
        String banner = "Upwatch serving " + config.page().title() + " at " + application.baseUri() + " ("
                + application.engine().monitors().size() + " monitors, config " + config.source() + ", started in "
                + uptime + " ms)";
        if (config.logging().format() == LoggingConfig.Format.JSON) {
            LoggerFactory.getLogger(Main.class).info(banner); // stdout carries nothing but JSON lines then
        } else {
            out.println(banner);
        }
        stopped.await();
        return 0;
    }

    /**
     * {@code kill -HUP}: re-reads the configuration file's monitors, as {@code POST /api/v1/admin/reload} does. A
     * process started with SIGHUP ignored ({@code nohup}) cannot be reloaded that way — the JVM leaves an ignored
     * signal ignored — so that is logged at start, naming the API to use instead.
     */
    private static void reloadOnHangup(UpwatchApplication application) {
        System.Logger log = System.getLogger(Main.class.getName());
        String instead = "reload the configuration with POST /api/v1/admin/reload (admin token) instead";
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO,
                            "SIGHUP: reloaded " + application.reload());
                } catch (RuntimeException e) {
                    System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR,
                            "SIGHUP: reload refused, nothing changed:" + System.lineSeparator() + e.getMessage());
                }
            });
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                log.log(System.Logger.Level.WARNING, "SIGHUP is ignored by this process (started under nohup?),"
                        + " so kill -HUP will not reload the configuration; " + instead);
            }
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.WARNING, "no SIGHUP here (" + e.getMessage() + "); " + instead);
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
            return loader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_SOURCE, null);
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
