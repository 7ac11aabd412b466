package dev.upwatch.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The {@code .sql} files directly in a class-path folder, from a directory or a jar: name → bytes. */
final class MigrationFiles {
    private MigrationFiles() {
    }

    /**
     * The files of {@code folder} (e.g. {@code db/migration/common}); empty when the class path has no such folder.
     *
     * @throws IOException when the folder is in a place it cannot list (neither a directory nor a jar)
     */
    static Map<String, byte[]> in(ClassLoader classLoader, String folder) throws IOException {
        URL url = classLoader.getResource(folder);
        Map<String, byte[]> files = new TreeMap<>();
        if (url == null) {
            return files;
        }
        switch (url.getProtocol()) {
            case "file" -> {
                try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
                    for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                        files.put(path.getFileName().toString(), Files.readAllBytes(path));
                    }
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false); // our own JarFile, closed here
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = folder + "/";
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        JarEntry entry = entries.nextElement();
                        String rest = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "";
                        if (!entry.isDirectory() && rest.endsWith(".sql") && !rest.contains("/")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(rest, in.readAllBytes());
                            }
                        }
                    }
                }
            }
            default -> throw new IOException("cannot list " + url);
        }
        return files;
    }
}
