package dev.upwatch.core.definition;

import java.util.Objects;

/**
 * Where a definition comes from, so that a door (API, console) can say why it may not change it: the configuration
 * file and the line of the item ({@code upwatch.yml}, line 12), or the admin API.
 *
 * @param owner  who owns it
 * @param source the file's name as given on the command line; {@code admin API} for the API's
 * @param line   1-based line of the item in the file; 0 when unknown or not from a file
 */
public record Origin(Owner owner, String source, int line) {
    private static final Origin API = new Origin(Owner.API, "admin API", 0);

    public Origin {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(source, "source");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative, got " + line);
        }
    }

    /** An item of the configuration file {@code source} at {@code line} (0: unknown). */
    public static Origin file(String source, int line) {
        return new Origin(Owner.FILE, source, line);
    }

    /** A definition of the admin API. */
    public static Origin api() {
        return API;
    }

    /** For people: {@code defined in upwatch.yml, line 12}, or {@code created through the admin API}. */
    public String describe() {
        if (owner == Owner.API) {
            return "created through the admin API";
        }
        return "defined in " + source + (line > 0 ? ", line " + line : "");
    }
}
