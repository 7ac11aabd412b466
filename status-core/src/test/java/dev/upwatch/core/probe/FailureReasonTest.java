package dev.upwatch.core.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Exceptions become short sentences, and outside text becomes one clean line. */
class FailureReasonTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments(new ConnectException("Connection refused"), "connection refused"),
                arguments(new SocketTimeoutException("Read timed out"), "timed out after 5s"),
                arguments(new UnknownHostException("nowhere.example: Name or service not known"), "unknown host nowhere.example"),
                arguments(new NoRouteToHostException("No route to host"), "no route to host"),
                arguments(new EOFException(), "connection closed by the server"),
                arguments(new SocketException("Connection reset"), "connection reset by the server"),
                arguments(wrapped(new CertificateExpiredException("certificate expired on 2026-11-20")),
                        "certificate expired on 2026-11-20"),
                arguments(wrapped(new CertPathBuilderException("unable to find valid certification path to requested target")),
                        "certificate not trusted: unable to find valid certification path to requested target"),
                arguments(new SSLHandshakeException("Remote host terminated the handshake"),
                        "TLS handshake failed: Remote host terminated the handshake"),
                arguments(new EgressDeniedException("blocked by egress policy: 10.0.0.1 is a private address (RFC 1918)"),
                        "blocked by egress policy: 10.0.0.1 is a private address (RFC 1918)"),
                arguments(new IllegalStateException("probe exploded"), "check failed: probe exploded"),
                arguments(new IllegalStateException(), "check failed: IllegalStateException"));
    }

    private static Exception wrapped(Exception certificateProblem) {
        return new SSLHandshakeException("PKIX path building failed", certificateProblem);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void knownFailuresAreSentences(Throwable failure, String reason) {
        assertEquals(reason, FailureReason.of(failure, TIMEOUT));
    }

    @Test
    void aLibraryDumpIsCutWhereItBegins() {
        String jetty = "HTTP protocol violation: bad response on oejcti.HttpConnectionOverHTTP@28743cc1::"
                + "oeji.SocketChannelEndPoint@48f75716[{l=/127.0.0.1:47736,r=/127.0.0.1:35975,OPEN}]";
        assertEquals("HTTP protocol violation: bad response", FailureReason.clean(jetty));
    }

    @Test
    void outsideTextIsOnePrintableLineOfAtMostTwoHundredCharacters() {
        assertEquals("bad reply here", FailureReason.clean("bad\r\nreply\u0000\u0007 here"));
        assertEquals("Unexpected BadMessageException", FailureReason.clean("Unexpected org.eclipse.jetty.http.BadMessageException"));
        String cut = FailureReason.clean("x".repeat(500));
        assertEquals(FailureReason.MAX_LENGTH, cut.length());
        assertTrue(cut.endsWith("…"));
        assertEquals("no details", FailureReason.clean(" \u0001 "));
        assertEquals("mail to a@bcd.com failed", FailureReason.clean("mail to a@bcd.com failed"), "an address is no dump");
    }
}
