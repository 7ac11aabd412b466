package dev.upwatch.probes.dns;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The DNS record types a {@code dns} monitor can ask for, with their wire codes (RFC 1035, RFC 3596). */
enum RecordType {
    A(1),
    NS(2),
    CNAME(5),
    MX(15),
    TXT(16),
    AAAA(28);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The TYPE value on the wire. */
    int code() {
        return code;
    }

    /** The type with this name, case-insensitive. */
    static Optional<RecordType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }

    /** The type with this wire code, if it is one of ours. */
    static Optional<RecordType> ofCode(int code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }
}
