package dev.upwatch.probes.icmp;

import dev.upwatch.probes.Prerequisite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The icmp probe in child JVMs, each in a network namespace of its own ({@code unshare --net}, with its own loopback
 * and its own {@code net.ipv4.ping_group_range}, so this machine's setting is never touched), run as the unprivileged
 * user {@code nobody} ({@code setpriv}): where the namespace's range includes nobody's group the check passes over a
 * ping socket; where it does not (the kernel's default, {@code 1 0}), the check is an ERROR sample that says what to
 * change, never a DOWN. A third child, root in its namespace, pings an address routed into the void: 100 % loss. Needs
 * root to create the namespaces (as CI runs); as another user {@link IcmpProbeTest} already runs unprivileged.
 */
class IcmpWithoutRootTest {
    private static Path classpath;
    private static Path home;

    @BeforeAll
    static void copyClasses(@TempDir Path directory) throws IOException {
        Prerequisite.require(IcmpProbeTest.isRoot(), "creating network namespaces and switching users needs root");
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/sbin/ip")), "needs util-linux's unshare and setpriv, and iproute2");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        // nobody cannot read the build's own class path (under /root/.m2, for one): copy what the check needs.
        List<String> entries = new ArrayList<>();
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int index = 0;
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.contains("status-core") || entry.contains("status-probes") || entry.contains("jna")) {
                Path copy = directory.resolve("cp" + index++ + (entry.endsWith(".jar") ? ".jar" : ""));
                copyReadable(Path.of(entry), copy);
                entries.add(copy.toString());
            }
        }
        classpath = directory.resolve("classpath.txt");
        Files.writeString(classpath, String.join(File.pathSeparator, entries));
        home = Files.createDirectories(directory.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @Test
    void anUnprivilegedUserPingsWhereTheNamespaceAllowsItsGroup() throws Exception {
        List<String> lines = check("0 2147483647", true, "127.0.0.1");

        assertEquals("SUCCESS", lines.get(0), lines::toString);
        assertEquals("[PACKET_LOSS] (0%) < 50%", lines.get(2));
    }

    @Test
    void whereNeitherSocketMayBeOpenedTheCheckIsAnErrorThatSaysWhatToChange() throws Exception {
        List<String> lines = check("1 0", true, "127.0.0.1");

        assertEquals("ERROR", lines.get(0), lines::toString);
        assertEquals("ICMP not permitted for gid 65534: net.ipv4.ping_group_range '1 0' excludes it and raw sockets"
                + " need CAP_NET_RAW; set net.ipv4.ping_group_range=\"0 2147483647\" or grant the JVM CAP_NET_RAW",
                lines.get(1));
    }

    @Test
    void anAddressThatNeverAnswersIsAllLoss() throws Exception {
        List<String> lines = check("1 0", false, "192.0.2.1");

        assertEquals("FAILURE", lines.get(0), lines::toString);
        assertEquals("no reply to 3 echo requests", lines.get(1));
        assertEquals("[PACKET_LOSS] (100%) < 50%", lines.get(2));
    }

    /**
     * Runs {@link IcmpCheckMain} for {@code host} in a new network namespace whose {@code ping_group_range} is
     * {@code range} and where 192.0.2.0/24 is routed to the loopback (which drops it: not a local address), as
     * {@code nobody} or as root.
     */
    private static List<String> check(String range, boolean asNobody, String host) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String user = asNobody ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
        String script = "ip link set lo up && ip route add 192.0.2.0/24 dev lo && echo '" + range
                + "' > /proc/sys/net/ipv4/ping_group_range && exec " + user + java
                + " --enable-native-access=ALL-UNNAMED -Djna.tmpdir=" + home + " -Duser.home=" + home
                + " -cp \"$(cat " + classpath + ")\" " + IcmpCheckMain.class.getName() + " " + host;
        Process process = new ProcessBuilder("unshare", "--net", "sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child did not end: " + output);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(line -> !line.startsWith("WARNING")).toList();
        assertTrue(lines.size() >= 3, output);
        return lines.subList(lines.size() - 3, lines.size());
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path file : (Iterable<Path>) tree::iterator) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(file, copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else {
            Files.copy(source, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
