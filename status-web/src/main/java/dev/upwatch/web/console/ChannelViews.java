package dev.upwatch.web.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The console's channel pages' view models. */
public final class ChannelViews {
    private ChannelViews() {
    }

    /**
     * One channel in a list.
     *
     * @param id     its id
     * @param link   its console page
     * @param type   its type's name
     * @param url    its URL, masked
     * @param owner  {@code file} or {@code api}
     * @param origin where it is defined, for people
     */
    public record Row(String id, String link, String type, String url, String owner, String origin) {
    }

    /** {@code /admin/channels}. */
    public record ListPage(ConsoleFrame frame, List<Row> rows, List<ConsoleForm.Choice> types, ConsoleForm form) {
        public ListPage {
            Objects.requireNonNull(frame, "frame");
            rows = List.copyOf(rows);
            types = List.copyOf(types);
            Objects.requireNonNull(form, "form");
        }
    }

    /** One key of a channel's definition as shown (secrets masked). */
    public record Setting(String key, String value) {
    }

    /**
     * The receiver's answer to "Send test".
     *
     * @param delivered  true when it accepted the message
     * @param status     its HTTP status (or SMTP reply code), empty when it did not answer
     * @param problem    why it was not delivered, or empty
     * @param answer     the first KiB of its answer
     * @param durationMs from sending to the answer, in milliseconds
     * @param at         when the test was sent, as shown
     */
    public record Trial(boolean delivered, String status, String problem, String answer, long durationMs, String at) {
    }

    /**
     * One delivery attempt of the channel's log.
     *
     * @param messageId the message's id
     * @param event     the event's wire name
     * @param attempt   1 for the first
     * @param at        when, as shown
     * @param datetime  when, ISO-8601
     * @param status    the HTTP status answered, or empty
     * @param latencyMs from sending to the answer or failure, in milliseconds
     * @param error     what went wrong, or empty
     * @param outcome   the message's state after it: pending, delivered, dead
     * @param replayable true on the newest attempt of a message given up: it may be sent again
     */
    public record Delivery(String messageId, String event, int attempt, String at, String datetime, String status,
                           long latencyMs, String error, String outcome, boolean replayable) {
    }

    /** {@code /admin/channels/{id}}; {@code notice} says what the last action did, or is empty. */
    public record OnePage(ConsoleFrame frame, Row channel, List<Setting> settings, String readOnly,
                          List<ConsoleForm.Choice> types, ConsoleForm form, Optional<Trial> trial,
                          List<Delivery> deliveries, String notice) {
        public OnePage {
            Objects.requireNonNull(notice, "notice");
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(channel, "channel");
            settings = List.copyOf(settings);
            Objects.requireNonNull(readOnly, "readOnly");
            types = List.copyOf(types);
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(trial, "trial");
            deliveries = List.copyOf(deliveries);
        }

        /** The test's answer, or null (for templates). */
        public Trial tested() {
            return trial.orElse(null);
        }
    }
}
