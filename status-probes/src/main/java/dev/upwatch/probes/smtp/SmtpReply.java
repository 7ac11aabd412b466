package dev.upwatch.probes.smtp;

import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.probes.net.LineConnection;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 §4.2): lines {@code 250-first}, ..., {@code 250 last}, all with the same code.
 *
 * @param code  the three-digit reply code
 * @param lines the lines as sent, without line breaks
 */
record SmtpReply(int code, List<String> lines) {
    /** Most lines of one reply (an EHLO answer has one per extension). */
    static final int MAX_LINES = 100;

    SmtpReply {
        lines = List.copyOf(lines);
    }

    /** Reads one whole reply. */
    static SmtpReply read(LineConnection connection, ProbeContext context) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = connection.readLine(context);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                throw new ProtocolException("not an SMTP reply: '" + LineConnection.quoted(line) + "'");
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            }
            if (lines.size() == MAX_LINES) {
                throw new ProtocolException("an SMTP reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    /** Whether an EHLO reply lists {@code extension} (e.g. {@code STARTTLS}). */
    boolean offers(String extension) {
        for (int i = 1; i < lines.size(); i++) {
            String keyword = lines.get(i).length() > 4 ? lines.get(i).substring(4).strip() : "";
            int space = keyword.indexOf(' ');
            if ((space < 0 ? keyword : keyword.substring(0, space)).equalsIgnoreCase(extension)) {
                return true;
            }
        }
        return false;
    }

    /** The reply as one line, for reasons: "554 5.7.1 no thanks". */
    String summary() {
        return LineConnection.quoted(String.join(" / ", lines));
    }
}
