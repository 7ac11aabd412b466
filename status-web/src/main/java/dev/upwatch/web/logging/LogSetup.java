package dev.upwatch.web.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.upwatch.web.config.LoggingConfig;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sets up all logging of the process: Upwatch's own lines ({@link System.Logger}, which goes to
 * java.util.logging), Jersey's and HK2's (java.util.logging) and Jetty's, Flyway's and jOOQ's (SLF4J) all end up in
 * Logback, written to standard output as text or as JSON lines ({@link JsonLineLayout}). Chatty libraries are
 * kept at {@code warn} or quieter whatever the level asked for.
 */
public final class LogSetup {
    /** The text format: time, level, logger, message and any key-value pairs. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{36} - %msg %kvp%n%ex";
    /**
     * Loggers kept quiet: jOOQ's "database version older than dialect" warning is harmless on PostgreSQL 15, and
     * Jetty warns once about the trust-everything TLS settings that {@code insecure: true} monitors need by design.
     */
    private static final Map<String, Level> QUIET = Map.of(
            "org.jooq.impl.DefaultExecuteContext", Level.ERROR,
            "org.jooq.Constants", Level.WARN,
            "org.eclipse.jetty.util.ssl.SslContextFactory.config", Level.ERROR,
            "org.flywaydb", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "org.glassfish", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            // Its INFO line per status change is replaced by the structured one of StatusChangeLog.
            "dev.upwatch.core.service.StatusService", Level.WARN);

    private LogSetup() {
    }

    /** Routes java.util.logging into SLF4J and applies {@code config}; safe to call again. */
    public static void apply(LoggingConfig config) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stdout");
        console.setEncoder(config.format() == LoggingConfig.Format.JSON ? json(context) : text(context));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            if (level.isGreaterOrEqual(root.getLevel())) {
                logger.setLevel(level);
            }
        });
    }

    private static PatternLayoutEncoder text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> json(LoggerContext context) {
        JsonLineLayout layout = new JsonLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
