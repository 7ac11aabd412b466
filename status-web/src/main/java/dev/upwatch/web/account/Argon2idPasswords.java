package dev.upwatch.web.account;

import dev.upwatch.core.account.PasswordHasher;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console password hashes: Argon2id (RFC 9106) on Bouncy Castle's {@link Argon2BytesGenerator}, written in the PHC
 * string form {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (base64 without padding), so the
 * parameters travel with each hash and can be raised later without invalidating old ones.
 *
 * <p>New hashes use OWASP's Password Storage Cheat Sheet parameters for Argon2id: 19 MiB of memory, 2 passes, 1 lane;
 * a 16-byte salt and a 32-byte hash. A stored hash is only computed within bounds (at most 256 MiB, 10 passes,
 * 8 lanes), so a tampered row cannot make one check take the server's memory.
 */
public final class Argon2idPasswords implements PasswordHasher {
    /** OWASP's memory cost, in KiB (19 MiB). */
    static final int MEMORY_KIB = 19 * 1024;
    /** OWASP's time cost: passes over the memory. */
    static final int PASSES = 2;
    /** OWASP's parallelism: lanes. */
    static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_PASSES = 10;
    private static final int MAX_LANES = 8;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryKib;
    private final int passes;
    private final int lanes;

    /** OWASP's parameters. */
    public Argon2idPasswords() {
        this(MEMORY_KIB, PASSES, LANES);
    }

    /** Other parameters for new hashes (tests use cheap ones); checks read each hash's own. */
    Argon2idPasswords(int memoryKib, int passes, int lanes) {
        if (lanes < 1 || lanes > MAX_LANES || passes < 1 || passes > MAX_PASSES || memoryKib < 8 * lanes
                || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id parameters out of bounds: m=" + memoryKib + ", t=" + passes
                    + ", p=" + lanes);
        }
        this.memoryKib = memoryKib;
        this.passes = passes;
        this.lanes = lanes;
    }

    @Override
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, passes, lanes, HASH_BYTES);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + lanes + "$" + base64.encodeToString(salt)
                + "$" + base64.encodeToString(hash);
    }

    @Override
    public boolean matches(char[] password, String hash) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(hash, "hash");
        Matcher phc = PHC.matcher(hash);
        if (!phc.matches()) {
            return false;
        }
        int memory = Integer.parseInt(phc.group(1));
        int time = Integer.parseInt(phc.group(2));
        int parallelism = Integer.parseInt(phc.group(3));
        if (parallelism < 1 || parallelism > MAX_LANES || time < 1 || time > MAX_PASSES || memory < 8 * parallelism
                || memory > MAX_MEMORY_KIB) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(phc.group(4));
            expected = Base64.getDecoder().decode(phc.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (salt.length < 8 || expected.length < 16) {
            return false;
        }
        return MessageDigest.isEqual(expected, derive(password, salt, memory, time, parallelism, expected.length));
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(passes).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
