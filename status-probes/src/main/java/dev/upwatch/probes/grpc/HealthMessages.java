package dev.upwatch.probes.grpc;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The two messages of {@code grpc.health.v1.Health/Check} in gRPC's framing: {@code HealthCheckRequest { string
 * service = 1; }} and {@code HealthCheckResponse { ServingStatus status = 1; }}, each behind the 5-byte length prefix
 * of a gRPC message (compressed flag, big-endian length). Written by hand: one string field out and one enum field in
 * do not justify protobuf's runtime and code generator in the probe.
 */
final class HealthMessages {
    /** {@code ServingStatus} by number. */
    static final List<String> SERVING_STATUS = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");
    /** gRPC status codes by number. */
    static final List<String> GRPC_STATUS = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
            "UNAUTHENTICATED");
    /** Longest response message read, in bytes; a health answer is 2. */
    static final int MAX_RESPONSE = 4096;

    private HealthMessages() {
    }

    /** A framed {@code HealthCheckRequest} asking about {@code service} (empty: the server as a whole). */
    static ByteBuffer request(String service) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        if (name.length > 0) {
            message.write(0x0a); // field 1, length-delimited
            writeVarint(message, name.length);
            message.writeBytes(name);
        }
        ByteBuffer framed = ByteBuffer.allocate(5 + message.size());
        framed.put((byte) 0).putInt(message.size()).put(message.toByteArray());
        return framed.flip();
    }

    /**
     * The serving status in a framed {@code HealthCheckResponse}: its name, or the number for one this list lacks.
     *
     * @throws ProtocolException for a frame that is cut short, compressed or not protobuf
     */
    static String servingStatus(ByteBuffer framed) throws ProtocolException {
        if (framed.remaining() < 5) {
            throw new ProtocolException("a gRPC message shorter than its 5-byte prefix");
        }
        if (framed.get() != 0) {
            throw new ProtocolException("a compressed gRPC message, though none was accepted");
        }
        int length = framed.getInt();
        if (length < 0 || length > framed.remaining()) {
            throw new ProtocolException("a gRPC message of " + length + " bytes, " + framed.remaining() + " received");
        }
        ByteBuffer message = framed.slice(framed.position(), length);
        long status = 0; // proto3: an absent field is its default, UNKNOWN
        while (message.hasRemaining()) {
            long tag = readVarint(message);
            int wireType = (int) (tag & 7);
            long field = tag >>> 3;
            switch (wireType) {
                case 0 -> {
                    long value = readVarint(message);
                    if (field == 1) {
                        status = value;
                    }
                }
                case 1 -> skip(message, 8);
                case 2 -> skip(message, readVarint(message));
                case 5 -> skip(message, 4);
                default -> throw new ProtocolException("not a protobuf message (wire type " + wireType + ")");
            }
        }
        return status >= 0 && status < SERVING_STATUS.size() ? SERVING_STATUS.get((int) status) : Long.toString(status);
    }

    /** The name of gRPC status {@code code}, e.g. {@code UNIMPLEMENTED}. */
    static String grpcStatusName(int code) {
        return code >= 0 && code < GRPC_STATUS.size() ? GRPC_STATUS.get(code) : "code " + code;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7fL) != 0) {
            out.write((int) ((rest & 0x7f) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVarint(ByteBuffer in) throws ProtocolException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new ProtocolException("a protobuf varint cut short");
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolException("a protobuf varint longer than 10 bytes");
    }

    private static void skip(ByteBuffer in, long bytes) throws ProtocolException {
        if (bytes < 0 || bytes > in.remaining()) {
            throw new ProtocolException("a protobuf field cut short");
        }
        in.position(in.position() + (int) bytes);
    }
}
