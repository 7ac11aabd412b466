package dev.upwatch.web.agent;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An agent's durable buffer of results not yet acknowledged by the server: append-only segment files of packed records
 * ({@code length, sequence, bytes, CRC-32C}), each append forced to disk ({@code fsync}) before it returns, so a result
 * appended survives a crash of the agent or its machine. Records are numbered from a base that is the data directory's
 * creation time in seconds × 10⁹, so a new data directory (with the same token) numbers above every older one and the
 * server's high-water mark never mistakes its results for repeats.
 *
 * <p>Bounded: when the segments exceed {@code limitBytes}, the oldest whole segment is deleted — the oldest results are
 * given up, counted in {@link #dropped()} and logged — so the newest results (the current state of the monitored
 * services) always get through. A torn record at the end (a crash mid-write) is cut off when the journal is opened.
 * The records are also kept in memory while pending (at most {@code limitBytes}).
 */
final class ResultJournal {
    private static final System.Logger LOG = System.getLogger(ResultJournal.class.getName());
    /** A segment is closed for appends at this size, in bytes. */
    static final long SEGMENT_BYTES = 1 << 20;
    private static final String SEGMENT_PREFIX = "results-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String ACKNOWLEDGED = "acknowledged";
    private static final String BASE = "sequence-base";
    /** Per record: length (4), sequence (8), CRC-32C (4). */
    private static final int OVERHEAD = 16;

    /** One record: its sequence number and the result's wire bytes. */
    record Entry(long sequence, byte[] payload) {
    }

    private record Segment(Path path, long first, long last, long bytes) {
    }

    private final Path directory;
    private final long limitBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Deque<Entry> pending = new ArrayDeque<>();
    private long acknowledged;
    private long next;
    private long dropped;
    private FileChannel open;
    /** Held while open, so that two agents never write one buffer. */
    private FileChannel lock;
    private Segment openSegment;

    private ResultJournal(Path directory, long limitBytes) {
        this.directory = directory;
        this.limitBytes = limitBytes;
    }

    /**
     * Opens (or creates) the journal in {@code directory}.
     *
     * @param limitBytes most bytes kept on disk; past it the oldest segment goes
     */
    static ResultJournal open(Path directory, long limitBytes, Clock clock) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (limitBytes < 2 * SEGMENT_BYTES) {
            throw new IllegalArgumentException("the buffer limit must be at least " + 2 * SEGMENT_BYTES / (1 << 20)
                    + " MiB");
        }
        Files.createDirectories(directory);
        ResultJournal journal = new ResultJournal(directory, limitBytes);
        journal.lock = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock held;
        try {
            held = journal.lock.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            journal.lock.close();
            throw new IOException("the data directory " + directory.getParent() + " is in use by another agent;"
                    + " give each agent a data directory of its own");
        }
        journal.load(clock);
        return journal;
    }

    private void load(Clock clock) throws IOException {
        Path basePath = directory.resolve(BASE);
        if (!Files.exists(basePath)) {
            writeAtomically(basePath, Long.toString(clock.instant().getEpochSecond() * 1_000_000_000L));
        }
        long base = Long.parseLong(Files.readString(basePath, StandardCharsets.US_ASCII).strip());
        Path ackPath = directory.resolve(ACKNOWLEDGED);
        acknowledged = Files.exists(ackPath)
                ? Long.parseLong(Files.readString(ackPath, StandardCharsets.US_ASCII).strip()) : base;
        long last = Math.max(base, acknowledged);
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX)).sorted().toList();
        }
        for (Path file : files) {
            long valid = 0;
            long first = -1;
            long lastInFile = -1;
            try (InputStream in = Files.newInputStream(file);
                 DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
                while (true) {
                    Entry entry;
                    try {
                        entry = read(data);
                    } catch (EOFException e) {
                        break;
                    }
                    if (entry == null) {
                        break; // a torn or corrupt record: everything from here was never acknowledged as written
                    }
                    valid += OVERHEAD + entry.payload().length;
                    first = first < 0 ? entry.sequence() : first;
                    lastInFile = entry.sequence();
                    if (entry.sequence() > acknowledged) {
                        pending.addLast(entry);
                    }
                }
            }
            if (valid < Files.size(file)) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(valid);
                    channel.force(true);
                }
                LOG.log(System.Logger.Level.WARNING, "cut a torn record off the end of " + file);
            }
            if (first < 0) {
                Files.delete(file);
                continue;
            }
            segments.addLast(new Segment(file, first, lastInFile, valid));
            last = Math.max(last, lastInFile);
        }
        next = last + 1;
        deleteAcknowledgedSegments();
    }

    /** Appends {@code payloads} as the next records and forces them to disk; returns their sequence numbers' last. */
    synchronized long append(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return next - 1;
        }
        if (open == null || openSegment.bytes() >= SEGMENT_BYTES) {
            roll();
        }
        ByteBuffer buffer = ByteBuffer.allocate(payloads.stream().mapToInt(p -> p.length + OVERHEAD).sum());
        long first = next;
        for (byte[] payload : payloads) {
            Entry entry = new Entry(next++, payload);
            buffer.putInt(payload.length).putLong(entry.sequence()).put(payload).putInt(crc(entry));
            pending.addLast(entry);
        }
        buffer.flip();
        long written = buffer.remaining();
        while (buffer.hasRemaining()) {
            open.write(buffer);
        }
        open.force(false);
        Segment grown = new Segment(openSegment.path(), openSegment.first() < 0 ? first : openSegment.first(), next - 1,
                openSegment.bytes() + written);
        segments.removeLast();
        segments.addLast(grown);
        openSegment = grown;
        enforceLimit();
        return next - 1;
    }

    /** Up to {@code max} pending records, oldest first. */
    synchronized List<Entry> pending(int max) {
        List<Entry> batch = new ArrayList<>(Math.min(max, pending.size()));
        for (Entry entry : pending) {
            if (batch.size() == max) {
                break;
            }
            batch.add(entry);
        }
        return batch;
    }

    /** How many records await acknowledgement. */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** The server took in everything up to {@code sequence}: those records are forgotten. */
    synchronized void acknowledge(long sequence) throws IOException {
        if (sequence <= acknowledged) {
            return;
        }
        acknowledged = sequence;
        writeAtomically(directory.resolve(ACKNOWLEDGED), Long.toString(sequence));
        while (!pending.isEmpty() && pending.peekFirst().sequence() <= sequence) {
            pending.removeFirst();
        }
        deleteAcknowledgedSegments();
    }

    /** Results given up because the buffer was full, since the agent started. */
    synchronized long dropped() {
        return dropped;
    }

    private void roll() throws IOException {
        if (open != null) {
            open.close();
        }
        Path path = directory.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, next, SEGMENT_SUFFIX));
        open = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        openSegment = new Segment(path, -1, -1, 0);
        segments.addLast(openSegment);
        forceDirectory();
    }

    private void enforceLimit() throws IOException {
        long total = segments.stream().mapToLong(Segment::bytes).sum();
        while (total > limitBytes && segments.size() > 1) {
            Segment oldest = segments.removeFirst();
            Files.deleteIfExists(oldest.path());
            total -= oldest.bytes();
            long lost = 0;
            while (!pending.isEmpty() && pending.peekFirst().sequence() <= oldest.last()) {
                pending.removeFirst();
                lost++;
            }
            dropped += lost;
            LOG.log(System.Logger.Level.WARNING, "result buffer full (" + limitBytes / (1 << 20) + " MiB): gave up "
                    + lost + " of the oldest results not yet delivered (sequence " + oldest.first() + " to "
                    + oldest.last() + ")");
        }
    }

    private void deleteAcknowledgedSegments() throws IOException {
        while (segments.size() > 1 && segments.peekFirst().last() <= acknowledged) {
            Files.deleteIfExists(segments.removeFirst().path());
        }
        if (segments.size() == 1 && open == null && segments.peekFirst().last() <= acknowledged) {
            Files.deleteIfExists(segments.removeFirst().path()); // a closed segment from before the restart
        }
    }

    private static Entry read(DataInputStream data) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > SEGMENT_BYTES) {
            return null;
        }
        long sequence;
        byte[] payload = new byte[length];
        int crc;
        try {
            sequence = data.readLong();
            data.readFully(payload);
            crc = data.readInt();
        } catch (EOFException e) {
            return null;
        }
        Entry entry = new Entry(sequence, payload);
        return crc(entry) == crc ? entry : null;
    }

    private static int crc(Entry entry) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, entry.sequence()));
        crc.update(entry.payload());
        return (int) crc.getValue();
    }

    private void writeAtomically(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Makes a created, renamed or deleted file's directory entry durable (Linux: fsync on the directory). */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UncheckedIOException e) {
            // Not every platform opens a directory as a channel; the data itself was forced.
        }
    }

    /** Closes the open segment. */
    synchronized void close() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
        lock.close();
    }
}
