package dev.upwatch.probes.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The DNS wire format (RFC 1035 section 4), as much as a monitor needs: one question out, the response code and the
 * answer records back. Names in answers may be compressed (pointers are followed, loops are refused).
 */
final class DnsMessage {
    /** Largest UDP response read, in bytes (EDNS is not used, so servers answer at most 512; a little headroom). */
    static final int MAX_UDP_SIZE = 4096;
    private static final int CLASS_IN = 1;
    private static final int FLAG_RESPONSE = 0x8000;
    private static final int FLAG_RECURSION_DESIRED = 0x0100;
    private static final int FLAG_TRUNCATED = 0x0200;
    private static final int MAX_POINTER_JUMPS = 32;
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

    private DnsMessage() {
    }

    /**
     * One answer record of a type we know, its data as text: an address for A/AAAA, a name for CNAME/NS,
     * {@code preference exchange} for MX, the strings joined for TXT.
     */
    record Answer(RecordType type, String data) {
        Answer {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * A parsed response.
     *
     * @param rcode     the response code's name, e.g. {@code NOERROR}, {@code NXDOMAIN} ({@code RCODE<n>} for others)
     * @param truncated whether the server set TC (the answer section may be incomplete)
     * @param answers   the answer records of known types, in order
     */
    record Response(String rcode, boolean truncated, List<Answer> answers) {
        Response {
            Objects.requireNonNull(rcode, "rcode");
            answers = List.copyOf(answers);
        }
    }

    /** A DNS response was malformed, or does not answer our question. */
    static final class MalformedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }

    /** A standard query (recursion desired) for {@code name} of {@code type}, class IN. */
    static byte[] query(int id, String name, RecordType type) {
        byte[] encodedName = encodeName(name);
        byte[] message = new byte[12 + encodedName.length + 4];
        putShort(message, 0, id);
        putShort(message, 2, FLAG_RECURSION_DESIRED);
        putShort(message, 4, 1); // QDCOUNT
        System.arraycopy(encodedName, 0, message, 12, encodedName.length);
        putShort(message, 12 + encodedName.length, type.code());
        putShort(message, 14 + encodedName.length, CLASS_IN);
        return message;
    }

    /** The name in wire form; the caller has checked it with {@link #nameProblem}. */
    static byte[] encodeName(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<byte[]> labels = new ArrayList<>();
        int size = 1;
        if (!trimmed.isEmpty()) {
            for (String label : trimmed.split("\\.", -1)) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                labels.add(bytes);
                size += 1 + bytes.length;
            }
        }
        byte[] encoded = new byte[size];
        int at = 0;
        for (byte[] label : labels) {
            encoded[at++] = (byte) label.length;
            System.arraycopy(label, 0, encoded, at, label.length);
            at += label.length;
        }
        return encoded;
    }

    /** Why {@code name} cannot be asked for (empty when it can): ASCII labels of 1–63 bytes, 253 characters at most. */
    static Optional<String> nameProblem(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty()) {
            return Optional.of("is empty");
        }
        if (trimmed.length() > 253) {
            return Optional.of("is longer than 253 characters");
        }
        for (String label : trimmed.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return Optional.of("'" + name + "' has a label that is empty or longer than 63 characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    return Optional.of("'" + name + "' contains '" + c
                            + "'; write international names in their xn-- (punycode) form");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a response to the query with {@code id}.
     *
     * @throws MalformedResponseException when it is not a response, has another id, or is cut short
     */
    static Response parse(byte[] message, int length, int id) throws MalformedResponseException {
        Reader reader = new Reader(message, length);
        int responseId = reader.u16();
        int flags = reader.u16();
        if (responseId != id) {
            throw new MalformedResponseException("response id " + responseId + " does not match query id " + id);
        }
        if ((flags & FLAG_RESPONSE) == 0) {
            throw new MalformedResponseException("message is a query, not a response");
        }
        int rcode = flags & 0xF;
        String rcodeName = rcode < RCODES.length ? RCODES[rcode] : "RCODE" + rcode;
        int questions = reader.u16();
        int answerCount = reader.u16();
        reader.u16(); // NSCOUNT
        reader.u16(); // ARCOUNT
        for (int i = 0; i < questions; i++) {
            reader.name();
            reader.skip(4); // QTYPE, QCLASS
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < answerCount; i++) {
            reader.name();
            int type = reader.u16();
            reader.u16(); // CLASS
            reader.skip(4); // TTL
            int dataLength = reader.u16();
            int dataStart = reader.position();
            reader.require(dataLength);
            Optional<RecordType> known = RecordType.ofCode(type);
            if (known.isPresent()) {
                answers.add(new Answer(known.get(), data(known.get(), reader, dataStart, dataLength)));
            }
            reader.seek(dataStart + dataLength);
        }
        return new Response(rcodeName, (flags & FLAG_TRUNCATED) != 0, answers);
    }

    private static String data(RecordType type, Reader reader, int start, int length)
            throws MalformedResponseException {
        return switch (type) {
            case A, AAAA -> {
                int expected = type == RecordType.A ? 4 : 16;
                if (length != expected) {
                    throw new MalformedResponseException(type + " record of " + length + " bytes");
                }
                try {
                    yield InetAddress.getByAddress(reader.bytes(start, length)).getHostAddress();
                } catch (UnknownHostException e) {
                    throw new MalformedResponseException(type + " record: " + e.getMessage());
                }
            }
            case CNAME, NS -> reader.name();
            case MX -> {
                int preference = reader.u16();
                yield preference + " " + reader.name();
            }
            case TXT -> {
                StringBuilder text = new StringBuilder();
                while (reader.position() < start + length) {
                    int size = reader.u8();
                    text.append(new String(reader.bytes(reader.position(), size), StandardCharsets.UTF_8));
                    reader.skip(size);
                }
                yield text.toString();
            }
        };
    }

    private static void putShort(byte[] message, int at, int value) {
        message[at] = (byte) (value >>> 8);
        message[at + 1] = (byte) value;
    }

    /** Reads a message front to back, failing cleanly instead of running past its end. */
    private static final class Reader {
        private final byte[] message;
        private final int length;
        private int position;

        Reader(byte[] message, int length) {
            this.message = message;
            this.length = length;
        }

        int position() {
            return position;
        }

        void seek(int to) {
            position = to;
        }

        void require(int bytes) throws MalformedResponseException {
            if (bytes < 0 || position + bytes > length) {
                throw new MalformedResponseException("response is cut short at byte " + position);
            }
        }

        void skip(int bytes) throws MalformedResponseException {
            require(bytes);
            position += bytes;
        }

        int u8() throws MalformedResponseException {
            require(1);
            return message[position++] & 0xFF;
        }

        int u16() throws MalformedResponseException {
            return (u8() << 8) | u8();
        }

        byte[] bytes(int from, int count) throws MalformedResponseException {
            if (from < 0 || count < 0 || from + count > length) {
                throw new MalformedResponseException("response is cut short at byte " + from);
            }
            return Arrays.copyOfRange(message, from, from + count);
        }

        /** A possibly compressed name, read from the current position, in lower case without the final dot. */
        String name() throws MalformedResponseException {
            StringBuilder name = new StringBuilder();
            int at = position;
            int resumeAt = -1;
            for (int jumps = 0; ; ) {
                if (at >= length) {
                    throw new MalformedResponseException("response is cut short in a name at byte " + at);
                }
                int size = message[at] & 0xFF;
                if ((size & 0xC0) == 0xC0) {
                    if (at + 1 >= length) {
                        throw new MalformedResponseException("response is cut short in a name at byte " + at);
                    }
                    if (++jumps > MAX_POINTER_JUMPS) {
                        throw new MalformedResponseException("name compression loops at byte " + at);
                    }
                    if (resumeAt < 0) {
                        resumeAt = at + 2;
                    }
                    at = ((size & 0x3F) << 8) | (message[at + 1] & 0xFF);
                } else if (size == 0) {
                    position = resumeAt >= 0 ? resumeAt : at + 1;
                    return name.toString().toLowerCase(Locale.ROOT);
                } else if (size > 63) {
                    throw new MalformedResponseException("bad label length " + size + " at byte " + at);
                } else {
                    if (at + 1 + size > length) {
                        throw new MalformedResponseException("response is cut short in a name at byte " + at);
                    }
                    if (!name.isEmpty()) {
                        name.append('.');
                    }
                    name.append(new String(message, at + 1, size, StandardCharsets.US_ASCII));
                    at += 1 + size;
                }
            }
        }
    }
}
