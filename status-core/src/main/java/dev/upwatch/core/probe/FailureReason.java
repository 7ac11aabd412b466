package dev.upwatch.core.probe;

import dev.upwatch.core.model.DurationText;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns why a check failed into the short sentence shown as its reason, on the public page too: the one place where
 * exceptions become reasons, for the check runner and every built-in probe. A reason names what happened ("connection
 * refused", "certificate expired on 2026-11-20", "timed out after 5s"); it is never the {@code toString()} of a
 * library object, and {@link #clean} keeps any outside text to one printable line without object dumps or addresses
 * of our own sockets.
 */
public final class FailureReason {
    /** Longest reason, in characters; the rest is cut and marked with an ellipsis. */
    public static final int MAX_LENGTH = 200;
    /** {@code HttpConnectionOverHTTP@6bd6b3f9}: where a library object's {@code toString()} begins. */
    private static final Pattern OBJECT_DUMP = Pattern.compile("(?:[\\w$]+\\.)*[A-Z][\\w$]*@[0-9a-f]{4,}");
    /** {@code l:/127.0.0.1:53110 <-> r:/...}: endpoint pairs in connection dumps. */
    private static final Pattern ENDPOINTS = Pattern.compile("\\(?l:/?\\S*\\s*<->\\s*r:/?\\S*\\)?");
    /** Words and punctuation left at the end once a dump is gone. */
    private static final Pattern TRAILING = Pattern.compile("(\\s+(on|to|at|from|for|with))*[\\s:,;=>-]*$");
    /** Fully qualified Java class names, e.g. {@code org.eclipse.jetty.http.BadMessageException}. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z]\\w*)");

    private FailureReason() {
    }

    /**
     * The reason for {@code failure}, from the most telling exception in its cause chain.
     *
     * @param timeout the check's time budget, named when the failure is a time-out
     */
    public static String of(Throwable failure, Duration timeout) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String known = known(cause, timeout);
            if (known != null) {
                return known;
            }
        }
        return "check failed: " + clean(innermostMessage(failure));
    }

    /** "timed out after 5s". */
    public static String timedOut(Duration timeout) {
        return "timed out after " + DurationText.format(timeout);
    }

    /**
     * Makes outside text (an exception message, a server's reply) fit for a reason: control characters and line breaks
     * become spaces, the text ends where an object dump begins ({@code Name@6bd6b3f9...}, which carries socket
     * addresses and internal state), socket endpoint pairs are left out, class names are cut to their simple name,
     * and it ends after {@value #MAX_LENGTH} characters.
     */
    public static String clean(String text) {
        StringBuilder printable = new StringBuilder(Math.min(text.length(), MAX_LENGTH * 4));
        for (int i = 0; i < text.length() && printable.length() < MAX_LENGTH * 4; i++) {
            char c = text.charAt(i);
            printable.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        java.util.regex.Matcher dump = OBJECT_DUMP.matcher(printable);
        String cleaned = dump.find() ? printable.substring(0, dump.start()) : printable.toString();
        cleaned = ENDPOINTS.matcher(cleaned).replaceAll("");
        cleaned = CLASS_NAME.matcher(cleaned).replaceAll("$1");
        cleaned = cleaned.replaceAll("\\s+", " ").replaceAll("\\s+([,;:.])", "$1").strip();
        // What a removed dump leaves dangling: "bad response on", "failed:", "=>".
        cleaned = TRAILING.matcher(cleaned).replaceAll("");
        if (cleaned.isEmpty()) {
            return "no details";
        }
        return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH - 1).strip() + "…";
    }

    /** The sentence for one exception of a known kind; null when it tells nothing general. */
    private static String known(Throwable cause, Duration timeout) {
        if (cause instanceof EgressDeniedException) {
            return cause.getMessage();
        }
        if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
            String message = cause.getMessage();
            boolean ours = message != null && message.startsWith("certificate ");
            return ours ? clean(message) : cause instanceof CertificateExpiredException ? "certificate expired"
                    : "certificate not yet valid";
        }
        if (cause instanceof CertPathValidatorException || isPathBuildingFailure(cause)) {
            return "certificate not trusted: " + clean(innermostMessage(cause));
        }
        if (cause instanceof UnknownHostException) {
            String host = cause.getMessage() == null ? "" : cause.getMessage();
            int colon = host.indexOf(": ");
            return "unknown host " + clean(colon > 0 ? host.substring(0, colon) : host);
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return timedOut(timeout);
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (cause instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (cause instanceof ConnectException) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            return message.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused"
                    : "connection failed: " + clean(message);
        }
        if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
            return "connection closed by the server";
        }
        if (cause instanceof SSLException && !certificateProblemBelow(cause)) {
            return "TLS handshake failed: " + clean(innermostMessage(cause));
        }
        if (cause instanceof SocketException && cause.getMessage() != null
                && cause.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
            return "connection reset by the server";
        }
        return null;
    }

    /** Whether a cause below {@code failure} is a certificate problem, which has its own sentence. */
    private static boolean certificateProblemBelow(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException
                    || cause instanceof CertPathValidatorException || isPathBuildingFailure(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The JDK's "unable to find valid certification path" ({@code SunCertPathBuilderException}), by its supertype. */
    private static boolean isPathBuildingFailure(Throwable cause) {
        return cause instanceof java.security.cert.CertPathBuilderException;
    }

    /** The message of the deepest cause that has one; the simple class name when none has. */
    private static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
