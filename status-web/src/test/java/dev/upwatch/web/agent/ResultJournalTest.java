package dev.upwatch.web.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's durable result buffer: what survives a restart, a torn write, an acknowledgement and a full disk budget. */
class ResultJournalTest {
    private static final Clock CREATED = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final long BASE = CREATED.instant().getEpochSecond() * 1_000_000_000L;
    private static final long LIMIT = 2 * ResultJournal.SEGMENT_BYTES;

    @TempDir
    Path dir;

    @Test
    void pendingResultsSurviveARestartInOrderAndNumberingGoesOn() throws IOException {
        ResultJournal journal = ResultJournal.open(dir, LIMIT, CREATED);
        assertEquals(BASE + 3, journal.append(payloads("a", "b", "c")));
        journal.acknowledge(BASE + 1);
        journal.close();

        ResultJournal reopened = ResultJournal.open(dir, LIMIT, Clock.systemUTC());
        assertEquals(List.of("b", "c"), texts(reopened.pending(10)));
        assertEquals(List.of(BASE + 2, BASE + 3), reopened.pending(10).stream().map(ResultJournal.Entry::sequence).toList());
        assertEquals(BASE + 4, reopened.append(payloads("d")), "numbering goes on after the restart");
        assertEquals(List.of("b", "c"), texts(reopened.pending(2)), "a batch is the oldest first");
    }

    @Test
    void aTornRecordAtTheEndIsCutOffAndTheRestKept() throws IOException {
        ResultJournal journal = ResultJournal.open(dir, LIMIT, CREATED);
        journal.append(payloads("kept"));
        journal.append(payloads("torn"));
        journal.close();
        Path segment = segments().getFirst();
        long size = Files.size(segment);
        try (var channel = Files.newByteChannel(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3); // the machine stopped in the middle of the last write
        }
        ResultJournal reopened = ResultJournal.open(dir, LIMIT, CREATED);
        assertEquals(List.of("kept"), texts(reopened.pending(10)));
        assertEquals(BASE + 2, reopened.append(payloads("next")), "the torn record's number is used again");
        IOException inUse = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ResultJournal.open(dir, LIMIT, CREATED));
        assertTrue(inUse.getMessage().contains("is in use by another agent"), inUse.getMessage());
        reopened.close();
        assertEquals(List.of("kept", "next"), texts(ResultJournal.open(dir, LIMIT, CREATED).pending(10)));
    }

    @Test
    void acknowledgedSegmentsAreDeletedAndAFullBufferGivesUpTheOldestWholeSegment() throws IOException {
        ResultJournal journal = ResultJournal.open(dir, LIMIT, CREATED);
        String big = "x".repeat(10_000);
        // 1 MiB segments of ~100 records: 350 records need four segments, the budget holds two and a bit.
        for (int i = 0; i < 350; i++) {
            journal.append(payloads(big + i));
        }
        assertTrue(journal.dropped() > 0, "the budget was exceeded");
        long total = segments().stream().mapToLong(ResultJournalTest::size).sum();
        assertTrue(total <= LIMIT, total + " bytes on disk");
        List<ResultJournal.Entry> pending = journal.pending(1_000);
        assertEquals(350 - journal.dropped(), pending.size());
        assertEquals("{" + big + 349, new String(pending.getLast().payload(), StandardCharsets.UTF_8), "the newest are kept");
        assertEquals(BASE + journal.dropped() + 1, pending.getFirst().sequence(), "the oldest went, in one piece");

        journal.acknowledge(pending.getLast().sequence());
        assertEquals(0, journal.pendingCount());
        assertEquals(1, segments().size(), "only the open segment is left");
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("results-")).sorted().toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<byte[]> payloads(String... texts) {
        return Stream.of(texts).map(t -> ("{" + t).getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(List<ResultJournal.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8).substring(1)).toList();
    }

}
