package dev.upwatch.web.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A salted, slow password hash for the basic-auth user: PBKDF2 with HMAC-SHA-256, written
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}. Make one with
 * {@code java -jar upwatch.jar password-hash} (reads the password from standard input).
 *
 * @param iterations PBKDF2 rounds
 * @param salt       random salt
 * @param hash       the derived key (32 bytes)
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** The scheme prefix of the text form. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Rounds for new hashes (OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600 000). */
    static final int DEFAULT_ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        if (iterations < 1_000 || iterations > 10_000_000) {
            throw new IllegalArgumentException("iterations must be in [1000, 10000000], got " + iterations);
        }
        salt = Objects.requireNonNull(salt, "salt").clone();
        hash = Objects.requireNonNull(hash, "hash").clone();
        if (salt.length < 8 || hash.length != 32) {
            throw new IllegalArgumentException("the salt must be at least 8 bytes and the hash 32 bytes");
        }
    }

    /** A new hash of {@code password} with a random salt. */
    public static PasswordHash of(char[] password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    /** A new hash of {@code password} with a random salt and {@code iterations} rounds. */
    static PasswordHash of(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Parses the text form. */
    public static PasswordHash parse(String text) {
        String[] parts = Objects.requireNonNull(text, "text").trim().split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("a password hash is " + SCHEME + ":<iterations>:<salt>:<hash>"
                    + " (make one with: java -jar upwatch.jar password-hash)");
        }
        try {
            return new PasswordHash(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count of a password hash must be a whole number");
        }
    }

    /** True when {@code password} hashes to this (compared in constant time). */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash p && p.iterations == iterations
                && java.util.Arrays.equals(p.salt, salt) && java.util.Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    /** The text form (not the password; still, it is masked wherever configuration is shown). */
    @Override
    public String toString() {
        return SCHEME + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }
}
