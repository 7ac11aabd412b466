package dev.upwatch.web.page;

import dev.upwatch.core.model.Sample;
import dev.upwatch.web.i18n.Messages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the HTTP timing phases of samples into stacked bars for the service page: one bar per check, scaled to the
 * slowest check so the bars compare, and one bar of each phase's median over the checks.
 *
 * <p>The HTTP probe measures {@code firstByte} from the start of the check, so it contains {@code dns},
 * {@code connect} and {@code tls}; its segment is drawn as what is left after them (waiting for the server), which
 * makes a bar as long as the response time. The texts keep the measured values.
 */
final class PhaseBars {
    /** Width of a bar's SVG view box; the bars are {@value} units wide whatever their CSS width. */
    static final int WIDTH = 200;
    /** The phases with a name of their own ({@code phase.<name>} in the texts); others are shown as measured. */
    private static final Set<String> NAMED = Set.of("dns", "connect", "tls", "firstByte", "transfer");

    /** The phases {@code firstByte} contains. */
    private static final Set<String> CONNECTION = Set.of("dns", "connect", "tls");

    private PhaseBars() {
    }

    /** Each check's bar, in the order of {@code samples}; a check without phases gets a bar without segments. */
    static List<ServicePageView.PhasesView> perCheck(Messages m, List<Sample> samples) {
        long scale = samples.stream().mapToLong(s -> drawnMicros(micros(s.phases()))).max().orElse(0);
        return samples.stream().map(s -> bar(m, micros(s.phases()), scale, -1)).toList();
    }

    /**
     * The median of each phase over the checks that measured it, phases in the order they first appear; a bar
     * without segments when no check has phases.
     */
    static ServicePageView.PhasesView medians(Messages m, List<Sample> samples) {
        Map<String, List<Long>> byPhase = new LinkedHashMap<>();
        samples.forEach(s -> s.phases().forEach((name, d) ->
                byPhase.computeIfAbsent(name, n -> new ArrayList<>()).add(d.toNanos() / 1_000)));
        Map<String, Long> medians = new LinkedHashMap<>();
        byPhase.forEach((name, values) -> medians.put(name, median(values)));
        long checks = samples.stream().filter(s -> !s.phases().isEmpty()).count();
        return bar(m, medians, drawnMicros(medians), checks);
    }

    /** The middle value, or the mean of the two middle ones, in µs. */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** A phase's name for people, e.g. {@code first byte} for {@code firstByte}; unknown names as they are. */
    static String label(Messages m, String name) {
        return NAMED.contains(name) ? m.text("phase." + name) : name;
    }

    /** A bar; {@code medianOf} the number of checks whose medians it shows, or -1 for one check's bar. */
    private static ServicePageView.PhasesView bar(Messages m, Map<String, Long> phases, long scaleMicros, long medianOf) {
        if (phases.isEmpty()) {
            return new ServicePageView.PhasesView(List.of(), "");
        }
        List<ServicePageView.PhaseSegmentView> segments = new ArrayList<>();
        double x = 0;
        long before = 0;
        for (Map.Entry<String, Long> phase : phases.entrySet()) {
            long drawn = drawn(phase.getKey(), phase.getValue(), before);
            before += CONNECTION.contains(phase.getKey()) ? phase.getValue() : 0;
            double width = scaleMicros == 0 ? 0 : WIDTH * (double) drawn / scaleMicros;
            segments.add(new ServicePageView.PhaseSegmentView(NAMED.contains(phase.getKey()) ? phase.getKey() : "other",
                    label(m, phase.getKey()), m.millis(phase.getValue()),
                    String.format(Locale.ROOT, "%.1f", x), String.format(Locale.ROOT, "%.1f", width)));
            x += width;
        }
        String each = segments.stream().map(s -> m.text("phase.value", s.label(), s.value()))
                .collect(Collectors.joining(m.text("phase.separator")));
        String text = medianOf < 0 ? each : m.text("phase.median", medianOf, each);
        return new ServicePageView.PhasesView(List.copyOf(segments), text);
    }

    private static Map<String, Long> micros(Map<String, Duration> phases) {
        Map<String, Long> micros = new LinkedHashMap<>();
        phases.forEach((name, d) -> micros.put(name, d.toNanos() / 1_000));
        return micros;
    }

    /** The length of a bar of these phases, in µs. */
    private static long drawnMicros(Map<String, Long> phases) {
        long total = 0;
        long before = 0;
        for (Map.Entry<String, Long> phase : phases.entrySet()) {
            total += drawn(phase.getKey(), phase.getValue(), before);
            before += CONNECTION.contains(phase.getKey()) ? phase.getValue() : 0;
        }
        return total;
    }

    /** A phase's drawn length: {@code firstByte} less the connection phases before it, never negative. */
    private static long drawn(String name, long micros, long connectionMicrosBefore) {
        return name.equals("firstByte") ? Math.max(0, micros - connectionMicrosBefore) : micros;
    }
}
