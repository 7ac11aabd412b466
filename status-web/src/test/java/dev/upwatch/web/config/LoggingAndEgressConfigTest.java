package dev.upwatch.web.config;

import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code logging} and {@code security.egress} sections. */
class LoggingAndEgressConfigTest {
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()),
            Map.of("LOG_FORMAT", "json"));

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml, "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void defaultsAreTextAtInfoAndPrivateAddressesDenied() throws Exception {
        UpwatchConfig config = parse("monitors: []");
        assertEquals(LoggingConfig.defaults(), config.logging());
        assertEquals(new EgressPolicy(true, List.of()), config.egress());
        for (String address : List.of("127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "172.16.0.1", "fd00::1")) {
            assertTrue(config.egress().problem(InetAddress.getByName(address)).isPresent(), address);
        }
        assertTrue(config.egress().problem(InetAddress.getByName("203.0.113.7")).isEmpty());
    }

    @Test
    void privateAddressesCanBeAllowedAgainAsAWholeOrByRange() throws Exception {
        assertEquals(EgressPolicy.defaults(), parse("security: { egress: { deny-private: false } }\nmonitors: []").egress());
        UpwatchConfig loopback = parse("security: { egress: { allow: [127.0.0.0/8] } }\nmonitors: []");
        assertTrue(loopback.egress().problem(InetAddress.getByName("127.0.0.1")).isEmpty());
        assertTrue(loopback.egress().problem(InetAddress.getByName("10.1.2.3")).isPresent());
    }

    @Test
    void readsBothSections() throws Exception {
        UpwatchConfig config = parse("""
                logging: { format: "${LOG_FORMAT}", level: DEBUG }
                security:
                  egress:
                    deny-private: true
                    allow: [10.20.0.0/16, "fd12:3456::/48"]
                monitors: []
                """);
        assertEquals(new LoggingConfig(LoggingConfig.Format.JSON, "debug"), config.logging());
        assertEquals(new EgressPolicy(true, List.of(Cidr.parse("10.20.0.0/16"),
                Cidr.parse("fd12:3456::/48"))), config.egress());
        assertTrue(config.egress().problem(InetAddress.getByName("10.20.1.1")).isEmpty());
        assertTrue(config.egress().problem(InetAddress.getByName("127.0.0.1")).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad format         | logging: { format: xml }\\nmonitors: []                                  | upwatch.yml:1: logging.format: must be text or json, got 'xml'
            bad level          | logging:\\n  level: loud\\nmonitors: []                                 | upwatch.yml:2: logging.level: must be one of trace, debug, info, warn, error, got 'loud'
            unknown log key    | logging: { colour: red }\\nmonitors: []                                 | upwatch.yml:1: logging.colour: unknown key
            bad cidr           | security:\\n  egress:\\n    allow: [10.0.0.0/8, intranet]\\nmonitors: [] | upwatch.yml:3: security.egress.allow[1]: 'intranet' is not an IP address or CIDR
            bad prefix         | security:\\n  egress:\\n    allow: [10.0.0.0/40]\\nmonitors: []         | upwatch.yml:3: security.egress.allow[0]: '10.0.0.0/40' has a prefix length outside 0..32
            bad boolean        | security:\\n  egress:\\n    deny-private: maybe\\nmonitors: []         | upwatch.yml:3: security.egress.deny-private: 'maybe' is not true or false
            unknown egress key | security:\\n  egress: { deny-all: true }\\nmonitors: []                 | upwatch.yml:2: security.egress.deny-all: unknown key
            """)
    void badInputNamesFileLineAndKey(String name, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(error.getMessage().contains(expected), "expected «" + expected + "» in:\n" + error.getMessage());
    }
}
