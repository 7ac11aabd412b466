package dev.upwatch.probes.net;

import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A line-based conversation (SMTP, IMAP) over a socket the probe environment connected: CRLF-terminated lines in
 * both directions, each read limited to the check's remaining time and to {@value #MAX_LINE} bytes, and an upgrade to
 * TLS in the middle (STARTTLS). Not thread-safe: one check's thread talks.
 */
public final class LineConnection implements AutoCloseable {
    /** Longest line kept, in bytes; the rest of a longer line is read and dropped. */
    public static final int MAX_LINE = 4096;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public LineConnection(Socket socket) throws IOException {
        use(Objects.requireNonNull(socket, "socket"));
    }

    /**
     * A connection to {@code endpoint} dialled through {@code dialer}, secured from the first byte when {@code mode} is
     * {@link TlsMode#IMPLICIT} (SMTPS, IMAPS); phases {@code dns}, {@code connect} and, so secured, {@code tls}.
     */
    public static LineConnection open(Dialer dialer, Endpoint endpoint, TlsMode mode, Optional<TlsLayer> tls,
                                      ProbeContext context, PhaseTimer timer, ProbeOutcome.Builder outcome)
            throws IOException {
        Socket plain = dialer.dial(endpoint, context, timer, outcome);
        try {
            return new LineConnection(mode == TlsMode.IMPLICIT
                    ? tls.orElseThrow().handshake(plain, endpoint.port(), context, timer, outcome) : plain);
        } catch (IOException | RuntimeException e) {
            plain.close(); // a failed handshake has closed it already; closing again does nothing
            throw e;
        }
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = new BufferedInputStream(next.getInputStream(), 1024);
        out = next.getOutputStream();
    }

    /**
     * The next line without its line break (a lone LF ends a line too), decoded as UTF-8.
     *
     * @throws EOFException when the server closed the connection before a whole line came
     */
    public String readLine(ProbeContext context) throws IOException {
        socket.setSoTimeout(TlsLayer.millis(context.remaining()));
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends {@code line} and CRLF. */
    public void writeLine(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Continues the conversation over TLS, after the server agreed to STARTTLS: completes the handshake on the same
     * connection. Anything the server sent before the handshake is refused rather than read later as if it had come
     * over TLS (the STARTTLS command injection of CVE-2011-0411).
     */
    public SSLSocket startTls(TlsLayer tls, int port, ProbeContext context, PhaseTimer timer,
                              ProbeOutcome.Builder outcome) throws IOException {
        if (in.available() > 0) {
            timer.lap("tls");
            throw new SSLException("the server sent data before the TLS handshake; refusing to continue");
        }
        SSLSocket secured = tls.handshake(socket, port, context, timer, outcome);
        use(secured);
        return secured;
    }

    /** At most 120 characters of a server's {@code text} for a reason, control characters escaped as {@code \xNN}. */
    public static String quoted(String text) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < text.length() && shown.length() < 120; i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c != 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return i < text.length() ? shown + "…" : shown.toString();
    }

    /** Closes the connection (and the socket under any TLS layered on it). */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
