package dev.upwatch.core.model;


import java.time.Duration;
import java.util.Optional;

/**
 * Why a service is not up, in one line: the one wording of the page, the API, the live events and the status-change
 * notifications. A failed check gives its failure reason (the failing conditions with their values, or the probe
 * error); a DEGRADED service whose latest check passed gives its response time against the threshold, e.g.
 * {@code response time 622 ms above 300ms}. A check refused by the egress policy gives its refusal whatever the
 * status: a refused check changes no status, so without it a service known to be up would look up while it is no
 * longer checked.
 */
public final class StatusReason {
    private StatusReason() {
    }

    /**
     * The reason shown for {@code monitor} in {@code status} after its latest check {@code last}; empty when UP, unless
     * that check was refused by the egress policy.
     */
    public static Optional<String> of(Monitor monitor, Status status, Optional<Sample> last) {
        if (last.isPresent() && last.get().outcome() == Outcome.BLOCKED) {
            return last.get().failureReason();
        }
        if (status == Status.UP || last.isEmpty()) {
            return Optional.empty();
        }
        Sample sample = last.get();
        Optional<String> failure = sample.failureReason();
        if (failure.isPresent() || status != Status.DEGRADED || monitor.degradedAbove().isEmpty()) {
            return failure;
        }
        Duration limit = monitor.degradedAbove().get();
        return Optional.of(sample.responseTime().compareTo(limit) > 0 ? slow(monitor, sample)
                : "recovering: response time " + millis(sample.responseTime()) + " is within "
                + DurationText.format(limit) + " again");
    }

    /**
     * The reason shown for a monitor whose failures belong to the outage of {@code parent}, a monitor it depends on,
     * e.g. {@code unreachable: Router is down}.
     */
    public static String unreachable(Monitor parent) {
        return unreachable(parent, Status.DOWN);
    }

    /**
     * The reason of a change that belongs to the outage of {@code parent}, now in {@code parentStatus}: {@code
     * unreachable: Router is down}, or while its failures have not made it DOWN yet {@code unreachable: Router is
     * failing}.
     */
    public static String unreachable(Monitor parent, Status parentStatus) {
        return "unreachable: " + parent.name() + (parentStatus == Status.DOWN ? " is down" : " is failing");
    }

    /** A passing check slower than the monitor's degraded threshold, e.g. {@code response time 622 ms above 300ms}. */
    public static String slow(Monitor monitor, Sample sample) {
        return "response time " + millis(sample.responseTime()) + " above "
                + DurationText.format(monitor.degradedAbove().orElseThrow());
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
