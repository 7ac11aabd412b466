package dev.upwatch.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Wall-clock times in a zone, as the libraries compute them, to instants. Both libraries work here on local times
 * (lib-recur on floating date-times, cron-utils in UTC) and this class alone decides the daylight-saving rules, so
 * RRULEs and cron agree: a local time in a gap moves forward by the gap's length, a repeated one takes the earlier
 * offset (RFC 5545, section 3.3.5). Near a transition that mapping is not monotonic (02:30 in a spring gap is later
 * than 03:00 just after it), so searches widen their local range by the changes near its ends
 * ({@link #lowestLocal}, {@link #highestLocal}) and pick by instant.
 */
final class WallClock {
    /** A zone change just outside a range can still move a start inside it; Samoa's 2011 gap was a whole day. */
    private static final Duration REACH = Duration.ofDays(1);

    private WallClock() {
    }

    /** The instant {@code local} stands for in {@code zone}. */
    static Instant instant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** The local time in {@code zone} at {@code at}. */
    static LocalDateTime local(Instant at, ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone);
    }

    /**
     * The earliest local time of a start at or after {@code at}: its local time, less the offset changes near it.
     * Starts whose instants follow {@code at} can have earlier local times only across such a change.
     */
    static LocalDateTime lowestLocal(Instant at, ZoneId zone) {
        return local(at, zone).minus(shiftNear(at, zone));
    }

    /** The latest local time of a start at or before {@code at}: its local time, plus the offset changes near it. */
    static LocalDateTime highestLocal(Instant at, ZoneId zone) {
        return local(at, zone).plus(shiftNear(at, zone));
    }

    /** The zone's offset changes within {@link #REACH} of {@code at}, added up (zero far from any change). */
    static Duration shiftNear(Instant at, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        Duration shift = Duration.ZERO;
        Instant end = at.plus(REACH);
        for (ZoneOffsetTransition change = rules.nextTransition(at.minus(REACH));
             change != null && !change.getInstant().isAfter(end);
             change = rules.nextTransition(change.getInstant())) {
            shift = shift.plus(change.getDuration().abs());
        }
        return shift;
    }
}
