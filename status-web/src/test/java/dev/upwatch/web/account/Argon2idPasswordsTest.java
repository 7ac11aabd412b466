package dev.upwatch.web.account;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argon2id hashes agree with the reference implementation, carry OWASP's parameters and refuse what is out of bounds. */
class Argon2idPasswordsTest {
    /**
     * Made by the reference implementation (Debian's {@code argon2} 0~20171227):
     * {@code echo -n "correct horse battery staple" | argon2 c29tZXNhbHRzb21lc2FsdA -id -t 2 -k 19456 -p 1 -l 32 -e}.
     */
    private static final String REFERENCE =
            "$argon2id$v=19$m=19456,t=2,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM";

    private final Argon2idPasswords passwords = new Argon2idPasswords();

    @Test
    void checksAHashOfTheReferenceImplementation() {
        assertTrue(passwords.matches("correct horse battery staple".toCharArray(), REFERENCE));
        assertFalse(passwords.matches("correct horse battery stapler".toCharArray(), REFERENCE));
    }

    @Test
    void newHashesUseOwaspParametersAFreshSaltAndMatchTheirPassword() {
        String first = passwords.hash("zoë's long passphrase".toCharArray());
        String second = passwords.hash("zoë's long passphrase".toCharArray());
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertNotEquals(first, second, "a fresh salt each time");
        assertTrue(passwords.matches("zoë's long passphrase".toCharArray(), first));
        assertTrue(passwords.matches("zoë's long passphrase".toCharArray(), second));
        assertFalse(passwords.matches("zoe's long passphrase".toCharArray(), first));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "pbkdf2-sha256:600000:c2FsdHNhbHQ=:aGFzaA==",
            // another Argon2 variant or version
            "$argon2i$v=19$m=19456,t=2,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            "$argon2id$v=16$m=19456,t=2,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            // costs beyond the bounds: 1 GiB, 100 passes, 16 lanes, less memory than 8 KiB per lane
            "$argon2id$v=19$m=1048576,t=2,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            "$argon2id$v=19$m=19456,t=100,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            "$argon2id$v=19$m=19456,t=2,p=16$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            "$argon2id$v=19$m=8,t=2,p=4$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            // a salt or hash too short
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$d0N5RAWKxU0D4c29TfG8VR17O8yTj9v9DRaLHq08YbM",
            "$argon2id$v=19$m=19456,t=2,p=1$YzI5dFpYTmhiSFJ6YjIxbGMyRnNkQQ$d0N5RAWKxU0D"})
    void aHashItCannotReadOrThatCostsTooMuchDoesNotMatch(String hash) {
        assertFalse(passwords.matches("correct horse battery staple".toCharArray(), hash), hash);
    }
}
