package dev.upwatch.core.account;

/** A slow, salted password hash (an adapter: Argon2id in the application). */
public interface PasswordHasher {

    /** A new hash of {@code password} with a fresh salt, in a self-describing text form. */
    String hash(char[] password);

    /**
     * True when {@code password} hashes to {@code hash} (compared in constant time). A hash this hasher cannot read,
     * or whose cost exceeds its bounds, does not match.
     */
    boolean matches(char[] password, String hash);
}
