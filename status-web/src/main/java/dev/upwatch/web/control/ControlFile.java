package dev.upwatch.web.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a running server that holds the embedded database can be reached by the command line: the file
 * {@code upwatch.control} beside the database ({@code <data-dir>/upwatch.control}), holding the loopback port and a
 * random secret, readable by the file's owner only (POSIX mode 600). Reading it takes the same rights as opening the
 * database file directly, so the secret gives the command line nothing it did not have.
 *
 * @param path the file
 */
public record ControlFile(Path path) {
    /** The file's name in the data directory. */
    public static final String NAME = "upwatch.control";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ControlFile {
        Objects.requireNonNull(path, "path");
    }

    /** The control file of the embedded database in {@code dataDirectory}. */
    public static ControlFile in(Path dataDirectory) {
        return new ControlFile(dataDirectory.toAbsolutePath().normalize().resolve(NAME));
    }

    /**
     * Where to reach the server.
     *
     * @param port   loopback TCP port
     * @param secret the bearer secret every command must carry
     */
    public record Endpoint(int port, String secret) {
        public Endpoint {
            Objects.requireNonNull(secret, "secret");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** The secret is not shown. */
        @Override
        public String toString() {
            return "Endpoint[127.0.0.1:" + port + "]";
        }
    }

    /** Writes {@code endpoint}, owner-only, replacing a file a crashed server left behind. */
    void write(Endpoint endpoint) {
        Path temporary = path.resolveSibling(NAME + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary); // not POSIX: the data directory's own access rules apply
            }
            Files.writeString(temporary, JSON.writeValueAsString(java.util.Map.of("port", endpoint.port(),
                    "secret", endpoint.secret())));
            try {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("cannot write " + temporary + ": another process is writing it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the control file " + path, e);
        }
    }

    /** The endpoint the file names; empty when there is no file or it cannot be read as one. */
    public Optional<Endpoint> read() {
        try {
            JsonNode node = JSON.readTree(Files.readString(path));
            return Optional.of(new Endpoint(node.path("port").asInt(), node.path("secret").asText()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it names {@code endpoint} (a newer server may have replaced it). */
    void delete(Endpoint endpoint) {
        try {
            if (read().filter(endpoint::equals).isPresent()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // left behind: the next command finds no server there and opens the database itself
        }
    }
}
