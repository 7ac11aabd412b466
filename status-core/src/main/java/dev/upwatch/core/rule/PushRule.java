package dev.upwatch.core.rule;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Push;
import dev.upwatch.core.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a push (heartbeat) monitor at one instant. The latest push decides while it is at most
 * interval + grace old (a push saying {@code down} is a failure, with its message); older, or no push for that
 * long since watching began, is a failure ("no push for ..."). Before the first push, and while that is not
 * overdue, there is no verdict: an ERROR sample, which changes no status.
 */
public final class PushRule {
    private PushRule() {
    }

    /**
     * The sample for monitor {@code id} at {@code now}.
     *
     * @param last          the latest push, if any
     * @param watchingSince when pushes began to be awaited (start of the process)
     * @param allowed       interval + grace: the longest silence that is not a failure
     */
    public static Sample verdict(MonitorId id, Optional<Push> last, Instant watchingSince, Instant now, Duration allowed) {
        Instant reference = last.map(Push::at).orElse(watchingSince);
        Duration silence = Duration.between(reference, now);
        if (silence.compareTo(allowed) > 0) {
            return sample(id, now, Outcome.FAILURE, Optional.of("no push for " + DurationText.format(truncate(silence))
                    + " (interval + grace is " + DurationText.format(allowed) + ")"));
        }
        if (last.isEmpty()) {
            return sample(id, now, Outcome.ERROR, Optional.of("waiting for the first push"));
        }
        Push push = last.get();
        if (push.up()) {
            return sample(id, now, Outcome.SUCCESS, Optional.empty());
        }
        return sample(id, now, Outcome.FAILURE, Optional.of("push reported down" + push.message().map(m -> ": " + m).orElse("")));
    }

    private static Duration truncate(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }

    private static Sample sample(MonitorId id, Instant at, Outcome outcome, Optional<String> error) {
        return new Sample(id, at, Duration.ZERO, outcome, error, List.of());
    }
}
