package dev.upwatch.probes;

import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Files of a test-owned mail server (exim, dovecot): written before it starts, owned by its service user when we can;
 * and GreenMail's server setups.
 */
public final class MailServerFiles {
    private MailServerFiles() {
    }

    /** Writes {@code text} to {@code file}; for configuration written inside a port-choosing lambda. */
    public static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives {@code paths} to the system user {@code user} when this test runs as root (a daemon started by root drops to
     * that user and must still read its key and write its spool); otherwise they stay ours, and so does the daemon.
     */
    public static void handOver(String user, Path... paths) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        for (Path path : paths) {
            Files.setOwner(path, users.lookupPrincipalByName(user));
        }
    }

    /**
     * A GreenMail server for {@code protocol} on 127.0.0.1 and a free port, given 30 s to start: its default, 2 s, is
     * not enough on a loaded machine (seen at a load average of 30).
     */
    public static ServerSetup greenMail(String protocol) {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        setup.setServerStartupTimeout(30_000);
        return setup;
    }
}
