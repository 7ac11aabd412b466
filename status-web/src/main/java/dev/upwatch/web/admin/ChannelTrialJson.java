package dev.upwatch.web.admin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.upwatch.notify.ChannelTrial;

/**
 * The answer to a channel test.
 *
 * @param channel    the channel's id
 * @param delivered  true when the receiver accepted the test message
 * @param status     the receiver's HTTP status (or SMTP reply code), null when it did not answer
 * @param problem    why it was not delivered, null when it was
 * @param answer     the first KiB of the receiver's answer body, as text (empty when none)
 * @param durationMs from sending to the answer, in milliseconds
 */
@JsonPropertyOrder({"channel", "delivered", "status", "problem", "answer", "durationMs"})
public record ChannelTrialJson(String channel, boolean delivered, Integer status, String problem, String answer,
                               long durationMs) {

    static ChannelTrialJson of(ChannelTrial trial) {
        var code = trial.result().statusCode();
        return new ChannelTrialJson(trial.channel(), trial.delivered(), code.isPresent() ? code.getAsInt() : null,
                trial.problem().orElse(null), trial.answer(), trial.duration().toMillis());
    }
}
