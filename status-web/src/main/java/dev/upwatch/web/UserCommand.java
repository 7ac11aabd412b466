package dev.upwatch.web;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code user add|passwd|role|list|remove}: console accounts in the storage the configuration names (run by
 * {@link StoreCommands}, here or in the running server). Passwords come from standard input, never from arguments
 * (which other users of the machine can read in the process list).
 */
final class UserCommand {
    private UserCommand() {
    }

    /** True when the command reads a password from standard input. */
    static boolean readsPassword(List<String> args) {
        return !args.isEmpty() && (args.get(0).equals("add") || args.get(0).equals("passwd"));
    }

    /**
     * Runs the command ({@code args} without {@code --config}) on {@code accounts}.
     *
     * @param password the first line of standard input, for {@code add} and {@code passwd}
     */
    static int run(List<String> arguments, String password, Accounts accounts, PrintStream out) {
        List<String> args = new ArrayList<>(arguments);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("user needs a subcommand: add, passwd, role, list or remove");
        }
        String sub = args.remove(0);
        switch (sub) {
            case "add" -> {
                Role role = role(args, "user add");
                UserName name = name(args, "user add");
                Account account = accounts.add(name, role, password(password));
                out.println("Added user " + account.name() + " (role " + account.role().wireName() + ").");
                return 0;
            }
            case "passwd" -> {
                UserName name = name(args, "user passwd");
                if (!accounts.changePassword(name, password(password))) {
                    out.println("No user " + name + ".");
                    return 1;
                }
                out.println("Changed the password of " + name + "; their sessions have ended.");
                return 0;
            }
            case "role" -> {
                Role role = role(args, "user role");
                UserName name = name(args, "user role");
                if (!accounts.changeRole(name, role)) {
                    out.println("No user " + name + ".");
                    return 1;
                }
                out.println("User " + name + " is now " + role.wireName() + ".");
                return 0;
            }
            case "list" -> {
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException("unexpected argument " + args.get(0));
                }
                out.printf("%-32s %-7s %-20s %-20s%n", "NAME", "ROLE", "CREATED", "PASSWORD SET");
                for (Account account : accounts.list()) {
                    out.printf("%-32s %-7s %-20s %-20s%n", account.name(), account.role().wireName(),
                            account.createdAt().truncatedTo(ChronoUnit.SECONDS),
                            account.passwordChangedAt().truncatedTo(ChronoUnit.SECONDS));
                }
                return 0;
            }
            case "remove" -> {
                UserName name = name(args, "user remove");
                if (!accounts.remove(name)) {
                    out.println("No user " + name + ".");
                    return 1;
                }
                out.println("Removed user " + name + "; their sessions have ended.");
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown user subcommand '" + sub + "'");
        }
    }

    private static Role role(List<String> args, String command) {
        String text = Main.option(args, "--role");
        if (text == null) {
            throw new IllegalArgumentException(command + " needs --role admin, editor or viewer");
        }
        return Role.fromWireName(text);
    }

    /** The one remaining argument, as a user name. */
    private static UserName name(List<String> args, String command) {
        if (args.size() != 1) {
            throw new IllegalArgumentException(command + " takes one user name" + (args.isEmpty() ? ""
                    : ", got " + String.join(" ", args)));
        }
        return new UserName(args.get(0));
    }

    private static char[] password(String line) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("password: give the password on standard input (one line)");
        }
        return line.toCharArray();
    }
}
