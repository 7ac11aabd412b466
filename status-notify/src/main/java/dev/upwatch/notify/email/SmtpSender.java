package dev.upwatch.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends an {@link EmailPayload} over SMTP: {@code smtp://host:port} (STARTTLS when the server offers it) or
 * {@code smtps://host:port} (TLS from the start), with optional login. The {@code Message-ID} is derived from the
 * outbox message id, so a message sent again after a crash can be recognised as the same one. A payload may name its
 * own recipient ({@code "to"}, replacing the channel's) and carry {@code List-*} headers ({@code "headers"}): the
 * subscribers' mails, one recipient each with its own unsubscribe link (RFC 2369, RFC 8058).
 */
final class SmtpSender {
    private final String host;
    private final int port;
    private final boolean tls;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Optional<String> username;
    private final Optional<String> password;

    private SmtpSender(String host, int port, boolean tls, InternetAddress from, InternetAddress[] to,
                       Optional<String> username, Optional<String> password) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.from = from;
        this.to = to;
        this.username = username;
        this.password = password;
    }

    /** The sender of an {@code email} channel; its settings were validated by {@link ChannelSettings}. */
    static SmtpSender of(ChannelSettings settings) {
        URI url = settings.url();
        boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("smtps");
        int port = url.getPort() != -1 ? url.getPort() : tls ? 465 : 587;
        var options = settings.options();
        try {
            return new SmtpSender(url.getHost(), port, tls,
                    new InternetAddress(options.get(ChannelSettings.FROM_KEY), true),
                    InternetAddress.parse(options.get(ChannelSettings.TO_KEY), true),
                    Optional.ofNullable(options.get(ChannelSettings.USERNAME_KEY)),
                    Optional.ofNullable(options.get(ChannelSettings.PASSWORD_KEY)));
        } catch (AddressException e) {
            throw new IllegalArgumentException("channel '" + settings.id() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Sends one message, connecting anew each time, within {@code timeout} per connect, read and write.
     *
     * @throws MessagingException when the server refuses it or cannot be reached
     */
    void send(String messageId, byte[] body, Duration timeout) throws MessagingException {
        JsonNode json;
        try {
            json = PayloadFormat.JSON.readTree(body);
        } catch (IOException e) {
            throw new MessagingException("stored email is not readable: " + e.getMessage(), e);
        }
        String protocol = tls ? "smtps" : "smtp";
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "host", host);
        properties.put(prefix + "port", Integer.toString(port));
        properties.put(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        properties.put(prefix + "timeout", Long.toString(timeout.toMillis()));
        properties.put(prefix + "writetimeout", Long.toString(timeout.toMillis()));
        properties.put(prefix + "auth", Boolean.toString(username.isPresent()));
        if (!tls) {
            properties.put("mail.smtp.starttls.enable", "true");
        }
        properties.put(prefix + "ssl.checkserveridentity", "true");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + "@upwatch>");
            }
        };
        message.setFrom(from);
        JsonNode recipient = json.path("to");
        message.setRecipients(Message.RecipientType.TO, recipient.isTextual()
                ? new InternetAddress[]{new InternetAddress(recipient.asText(), true)} : to);
        message.setSubject(json.path("subject").asText(), "UTF-8");
        message.setText(json.path("text").asText(), "UTF-8");
        message.setHeader("X-Upwatch-Message-Id", messageId);
        for (var header : json.path("headers").properties()) {
            // Only list headers: the stored body must not be able to forge From, To or routing headers.
            if (header.getKey().startsWith("List-") && header.getValue().isTextual()) {
                message.setHeader(header.getKey(), header.getValue().asText());
            }
        }
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(host, port, username.orElse(null), password.orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Override
    public String toString() {
        return "SmtpSender[" + host + ":" + port + (tls ? " tls" : "") + ", from=" + from + ", to="
                + Arrays.toString(to) + ", login=" + (username.isPresent() ? "yes" : "no") + "]";
    }
}
