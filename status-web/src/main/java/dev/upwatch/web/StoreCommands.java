package dev.upwatch.web;

import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.port.AgentStore;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.account.Argon2idPasswords;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.control.ControlChannel;
import dev.upwatch.web.control.ControlClient;
import dev.upwatch.web.control.ControlFile;
import dev.upwatch.web.guice.PersistenceModule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The commands that change what is stored — {@code token ...} and {@code user ...} — run the same way wherever they
 * run: on the database the configuration names, or, while a server holds the embedded database, by that server
 * through its {@link ControlChannel} (PostgreSQL is shared, so there the command opens it beside the server).
 */
final class StoreCommands {
    private StoreCommands() {
    }

    /**
     * The stores the commands work on.
     *
     * @param tokens   API tokens
     * @param agents   the locations of agent tokens
     * @param accounts console accounts
     */
    record Stores(ApiTokens tokens, AgentStore agents, Accounts accounts) {
        Stores {
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(agents, "agents");
            Objects.requireNonNull(accounts, "accounts");
        }
    }

    /** The command line's entry: {@code command} ({@code token} or {@code user}) with its arguments. */
    static int run(String command, List<String> arguments, InputStream in, PrintStream out, ConfigLoader loader)
            throws IOException {
        List<String> args = new ArrayList<>(arguments);
        String file = Main.option(args, "--config");
        if (command.equals("token") && TokenCommand.needsNoStore(args)) {
            return TokenCommand.printOnly(args, out);
        }
        String input = command.equals("user") && UserCommand.readsPassword(args) ? firstLine(in) : "";
        UpwatchConfig config = Main.configOrDemo(loader, file);
        if (config.storage().jdbcUrl().isEmpty()) {
            Optional<ControlChannel.Answer> relayed;
            try {
                relayed = ControlClient.send(ControlFile.in(config.storage().dataDirectory()), command, args, input);
            } catch (IllegalStateException e) {
                throw new Main.CommandFailure(e.getMessage(), e);
            }
            if (relayed.isPresent()) {
                if (!relayed.get().usageError().isEmpty()) {
                    throw new IllegalArgumentException(relayed.get().usageError());
                }
                out.print(relayed.get().output());
                return relayed.get().exitCode();
            }
        }
        try (Database database = Main.openForCommand(PersistenceModule.settings(config.storage()), command + " "
                + (args.isEmpty() ? "" : args.get(0)))) {
            Clock clock = Clock.systemUTC();
            Stores stores = new Stores(new ApiTokens(database.apiTokenStore(), config.server().access().tokens(), clock),
                    database.agentStore(), new Accounts(database.accountStore(), new Argon2idPasswords(), clock));
            return execute(command, args, input, stores, out);
        }
    }

    /** Runs {@code command} on {@code stores}, printing to {@code out}. */
    static int execute(String command, List<String> args, String input, Stores stores, PrintStream out) {
        return switch (command) {
            case "token" -> TokenCommand.run(args, stores.tokens(), stores.agents(), out);
            case "user" -> UserCommand.run(args, input, stores.accounts(), out);
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        };
    }

    /** The control channel's commands: {@link #execute} with the server's stores, the output captured. */
    static ControlChannel.Commands inServer(Stores stores) {
        return (command, args, input) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            int exit = execute(command, args, input, stores, out);
            return new ControlChannel.Answer(exit, bytes.toString(StandardCharsets.UTF_8), "");
        };
    }

    /** The first line of standard input (a password), without its line break; empty when there is none. */
    private static String firstLine(InputStream in) throws IOException {
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
