package dev.upwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders an event as the JSON request body one kind of channel expects. */
interface PayloadFormat {

    /** Shared, thread-safe JSON writer. */
    ObjectMapper JSON = new ObjectMapper();

    /** The body to POST, as UTF-8 JSON. */
    byte[] render(Event event);

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

    /** The format of {@code channel}, by its type. */
    static PayloadFormat of(ChannelSettings channel) {
        return switch (channel.type()) {
            case WEBHOOK -> new GenericPayload();
            case SLACK -> new SlackPayload();
            case DISCORD -> new DiscordPayload();
            case TEAMS -> new TeamsPayload();
            case TELEGRAM -> new TelegramPayload(channel.options().get(ChannelSettings.CHAT_ID_KEY));
            case NTFY -> new NtfyPayload(NtfyPayload.topic(channel.url()));
            case EMAIL -> new EmailPayload();
        };
    }

    /** {@code text} cut to at most {@code max} characters, ending in an ellipsis when cut. */
    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
