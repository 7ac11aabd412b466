package dev.upwatch.web.auth;

import dev.upwatch.core.model.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which address a request is counted against, with and without trusted proxies. */
class ClientAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            no proxies: header ignored        | -                         | 198.51.100.1 | 203.0.113.9                 | 198.51.100.1
            untrusted peer: header ignored    | 10.0.0.0/8                | 198.51.100.1 | 203.0.113.9                 | 198.51.100.1
            trusted peer: last hop            | 10.0.0.0/8                | 10.1.2.3     | 203.0.113.9                 | 203.0.113.9
            forged left part is not believed  | 10.0.0.0/8                | 10.1.2.3     | 6.6.6.6, 203.0.113.9        | 203.0.113.9
            chain of trusted proxies          | 10.0.0.0/8                | 10.1.2.3     | 203.0.113.9, 10.9.9.9       | 203.0.113.9
            all trusted: leftmost             | 10.0.0.0/8                | 10.1.2.3     | 10.0.0.5, 10.9.9.9          | 10.0.0.5
            garbage stops the walk            | 10.0.0.0/8                | 10.1.2.3     | 203.0.113.9, unknown        | 10.1.2.3
            trusted peer without header       | 10.0.0.0/8                | 10.1.2.3     | -                           | 10.1.2.3
            ipv6 proxy                        | ::1/128                   | ::1          | 2001:db8::7                 | 2001:db8::7
            ipv4 range does not hold ipv6     | 0.0.0.0/0                 | ::1          | 203.0.113.9                 | ::1
            odd prefix                        | 192.168.0.0/23            | 192.168.1.200 | 203.0.113.9                | 203.0.113.9
            outside odd prefix                | 192.168.0.0/23            | 192.168.2.1  | 203.0.113.9                 | 192.168.2.1
            """)
    void resolvesTheClient(String name, String proxies, String peer, String forwardedFor, String expected) {
        List<Cidr> ranges = proxies == null ? List.of() : Arrays.stream(proxies.split(";")).map(Cidr::parse).toList();
        ClientAddress clients = new ClientAddress(ranges);
        assertEquals(expected, clients.of(peer, forwardedFor == null ? List.of() : List.of(forwardedFor)));
    }
}
