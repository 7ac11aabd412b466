package dev.upwatch.probes.icmp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one ICMP exchange saw.
 *
 * @param sent       echo requests sent
 * @param roundTrips the round-trip time of each reply received, in order
 * @param lastError  the last error the network reported (host unreachable ...), if any
 * @param raw        whether a raw socket was used (else a ping socket)
 */
record Echoes(int sent, List<Duration> roundTrips, Optional<String> lastError, boolean raw) {
    Echoes {
        roundTrips = List.copyOf(roundTrips);
    }

    /** Replies missing, in percent of the requests sent (two decimals at most); 100 when none was sent. */
    BigDecimal lossPercent() {
        if (sent == 0) {
            return BigDecimal.valueOf(100);
        }
        BigDecimal lost = BigDecimal.valueOf(sent - roundTrips.size()).multiply(BigDecimal.valueOf(100));
        BigDecimal percent = lost.divide(BigDecimal.valueOf(sent), 2, RoundingMode.HALF_UP).stripTrailingZeros();
        return percent.signum() == 0 ? BigDecimal.ZERO : percent;
    }

    /** The mean round trip of the replies received. */
    Optional<Duration> averageRoundTrip() {
        return roundTrips.isEmpty() ? Optional.empty() : Optional.of(Duration.ofNanos(
                (long) roundTrips.stream().mapToLong(Duration::toNanos).average().orElseThrow()));
    }
}
