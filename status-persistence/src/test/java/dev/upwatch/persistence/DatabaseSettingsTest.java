package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the database from the URL, the embedded default, and never printing a password. */
class DatabaseSettingsTest {

    @Test
    void recognisesTheVendorFromTheUrl() {
        assertEquals(Vendor.POSTGRESQL,
                new DatabaseSettings("jdbc:postgresql://db:5432/upwatch", "u", Optional.of("p")).vendor());
        assertEquals(Vendor.H2, new DatabaseSettings("jdbc:h2:mem:x", "", Optional.empty()).vendor());
    }

    @Test
    void refusesAnUnsupportedUrlNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("jdbc:mysql://db/upwatch?password=secret", "u", Optional.of("secret")));

        assertTrue(e.getMessage().contains("storage.jdbc-url"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
        assertTrue(e.getMessage().contains("'jdbc:mysql:...'"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void refusesAUrlWithoutAProduct() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("postgres://user:secret@db/upwatch", "", Optional.empty()));

        assertTrue(e.getMessage().contains("storage.jdbc-url"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void masksThePasswordWhereverItIs() {
        String text = new DatabaseSettings("jdbc:postgresql://db/upwatch?user=u&password=hunter2&ssl=true", "u",
                Optional.of("s3cret")).toString();

        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("ssl=true"), text);
        assertTrue(text.contains("password=****"), text);
    }

    @Test
    void embeddedMakesTheDirectoryAndAnH2FileUrlInPostgresqlMode(@TempDir Path directory) {
        Path data = directory.resolve("a").resolve("b");

        DatabaseSettings settings = DatabaseSettings.embedded(data);

        assertTrue(Files.isDirectory(data));
        assertEquals(Vendor.H2, settings.vendor());
        assertTrue(settings.jdbcUrl().startsWith("jdbc:h2:file:" + data.toAbsolutePath().resolve("upwatch") + ";"),
                settings.jdbcUrl());
        assertTrue(settings.jdbcUrl().contains(";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"),
                settings.jdbcUrl());
        assertEquals(Optional.empty(), settings.password());
    }
}
