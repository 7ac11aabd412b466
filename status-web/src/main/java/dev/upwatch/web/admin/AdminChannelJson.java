package dev.upwatch.web.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A notification channel as the admin API shows it; secrets and the URL's path never appear (see {@link ChannelMask}).
 *
 * @param id                 the channel's id
 * @param source             {@code config} (owned by the configuration file, read-only here) or {@code api}
 * @param type               {@code webhook}, {@code slack}, {@code discord}, {@code teams}, {@code telegram},
 *                           {@code ntfy} or {@code email}
 * @param url                where it sends, as {@code scheme://host[:port]/••••••}
 * @param events             the events it receives, by their configuration names
 * @param monitors           ids of the monitors it hears about, sorted; null for every monitor
 * @param remindEvery        how often a DOWN is repeated, e.g. {@code 30m}; null when off
 * @param flapLimit          transitions allowed within {@code flapWindow}; 0 when flap suppression is off
 * @param flapWindow         the flap window, e.g. {@code 10m}
 * @param certificateWarning how long before a certificate expires it warns, e.g. {@code 14d}
 * @param signed             true when deliveries carry a {@code webhook-signature} (a secret is set)
 * @param template           the message template of status events; null for the type's own message
 * @param definition         the stored definition with secrets masked, for channels of the API; null for the file's
 * @param createdAt          when it was created through the API; null for the file's
 * @param updatedAt          when it was last replaced through the API; null for the file's
 */
public record AdminChannelJson(String id, String source, String type, String url, List<String> events,
                               List<String> monitors, String remindEvery, int flapLimit, String flapWindow,
                               String certificateWarning, boolean signed, String template, Map<String, Object> definition,
                               Instant createdAt, Instant updatedAt) {

    /** Every channel. */
    public record ListJson(List<AdminChannelJson> notifications) {
    }
}
