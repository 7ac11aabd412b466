package dev.upwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders an event as the JSON request body one kind of channel expects. */
public interface PayloadFormat {

    /** Shared, thread-safe JSON writer. */
    ObjectMapper JSON = new ObjectMapper();

    /** The body to POST, as UTF-8 JSON. */
    byte[] render(Event event);

    /**
     * The body to POST for a status event whose message is {@code text}, a channel's rendered {@link MessageTemplate}:
     * the message text for chat and mail channels, an added {@code text} field for the generic webhook.
     */
    byte[] renderText(Event event, String text);

    /** A template variable's value as text in this format's markup: unchanged unless the format has markup. */
    default String escapeValue(String value) {
        return value;
    }

    /** The body to POST for an incident notice, as UTF-8 JSON. */
    byte[] renderIncident(IncidentNotice notice);

    /** The body to POST for a certificate warning, as UTF-8 JSON. */
    byte[] renderCertificate(CertificateNotice notice);

    /** {@code value} as JSON bytes. */
    static byte[] write(Object value, String what) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the " + what + " payload", e);
        }
    }

    /** {@code text} cut to at most {@code max} characters, ending in an ellipsis when cut. */
    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
