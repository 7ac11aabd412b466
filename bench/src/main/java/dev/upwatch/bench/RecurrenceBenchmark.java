package dev.upwatch.bench;

import dev.upwatch.calendar.Recurrences;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.port.RecurrenceParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Time of one maintenance check, {@code MaintenanceWindow.openAt(t)} (the latest start in {@code [t - duration, t]}),
 * which the engine asks for every sample of a monitor a window covers, for RRULE and cron windows: once for instants
 * a minute apart over two weeks (how checks ask), once for instants scattered over a year. Prints nanoseconds per
 * call, the median of 7 rounds after 3 warm-up rounds. See docs/benchmarks.md.
 */
public final class RecurrenceBenchmark {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant START = Instant.parse("2026-10-18T00:00:00Z"); // two weeks over a DST change

    private RecurrenceBenchmark() {
    }

    public static void main(String[] args) {
        RecurrenceParser parser = Recurrences.parser();
        LocalDateTime dtstart = LocalDateTime.parse("2026-01-01T02:00");
        String[][] schedules = {
                {"rrule", "FREQ=WEEKLY;BYDAY=SU"},
                {"rrule", "FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=3"},
                {"rrule", "FREQ=DAILY;COUNT=1000"},
                {"cron", "45 23 * * *"},
                {"cron", "15 3 * * 1-5"},
                {"cron", "*/15 * * * *"},
        };
        List<Instant> minutes = new ArrayList<>();
        for (int i = 0; i < 14 * 24 * 60; i++) {
            minutes.add(START.plusSeconds(60L * i));
        }
        List<Instant> scattered = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            scattered.add(START.plusSeconds(random.nextLong(365L * 86_400)));
        }
        System.out.printf("%-8s %-36s %18s %18s%n", "kind", "schedule", "minute apart, ns", "scattered, ns");
        for (String[] schedule : schedules) {
            Recurrence starts = schedule[0].equals("rrule") ? parser.rrule(schedule[1], dtstart, BERLIN)
                    : parser.cron(schedule[1], BERLIN);
            MaintenanceWindow window = new MaintenanceWindow("bench", Set.of(MonitorId.of("m")), starts,
                    Duration.ofHours(2));
            System.out.printf("%-8s %-36s %18.0f %18.0f%n", schedule[0], schedule[1], perCall(window, minutes),
                    perCall(window, scattered));
        }
    }

    /** Median nanoseconds per openAt call over {@code instants}. */
    private static double perCall(MaintenanceWindow window, List<Instant> instants) {
        double[] rounds = new double[7];
        long sink = 0;
        for (int round = -3; round < rounds.length; round++) {
            long begin = System.nanoTime();
            for (Instant at : instants) {
                sink += window.openAt(at).isPresent() ? 1 : 0;
            }
            if (round >= 0) {
                rounds[round] = (System.nanoTime() - begin) / (double) instants.size();
            }
        }
        if (sink < 0) {
            throw new AssertionError();
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
