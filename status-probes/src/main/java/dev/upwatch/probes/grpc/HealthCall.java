package dev.upwatch.probes.grpc;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to one health RPC as it arrives on its HTTP/2 stream: the response headers, the message and the trailers
 * (or a trailers-only answer). Jetty calls it on its own threads; the check waits on {@link #answer()}.
 */
final class HealthCall implements Stream.Listener {
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private final ByteBuffer message = ByteBuffer.allocate(HealthMessages.MAX_RESPONSE + 5);
    private int httpStatus;
    private boolean overflow;

    /**
     * What came back.
     *
     * @param httpStatus the HTTP status (200 for any gRPC answer)
     * @param grpcStatus the {@code grpc-status} trailer, if any
     * @param grpcMessage the {@code grpc-message} trailer, if any
     * @param message    the response message as received (prefix included), possibly empty
     */
    record Answer(int httpStatus, OptionalInt grpcStatus, Optional<String> grpcMessage, ByteBuffer message) {
    }

    CompletableFuture<Answer> answer() {
        return answer;
    }

    @Override
    public void onHeaders(Stream stream, HeadersFrame frame) {
        if (frame.getMetaData() instanceof MetaData.Response response) {
            httpStatus = response.getStatus();
        }
        if (frame.isEndStream()) {
            finish(frame.getMetaData().getHttpFields());
        } else {
            stream.demand();
        }
    }

    @Override
    public void onDataAvailable(Stream stream) {
        Stream.Data data = stream.readData();
        if (data == null) {
            stream.demand();
            return;
        }
        boolean last = data.frame().isEndStream();
        try {
            ByteBuffer bytes = data.frame().getByteBuffer();
            if (bytes.remaining() > message.remaining()) {
                overflow = true;
            } else {
                message.put(bytes);
            }
        } finally {
            data.release();
        }
        if (last) {
            finish(HttpFields.EMPTY);
        } else {
            stream.demand();
        }
    }

    @Override
    public void onReset(Stream stream, ResetFrame frame, Callback callback) {
        answer.completeExceptionally(new IOException("the server reset the stream (HTTP/2 error " + frame.getError()
                + ")"));
        callback.succeeded();
    }

    @Override
    public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
        answer.completeExceptionally(failure);
        callback.succeeded();
    }

    private void finish(HttpFields trailers) {
        if (overflow) {
            answer.completeExceptionally(new IOException("a health answer longer than "
                    + HealthMessages.MAX_RESPONSE + " bytes"));
            return;
        }
        OptionalInt status = OptionalInt.empty();
        String code = trailers.get("grpc-status");
        if (code != null) {
            try {
                status = OptionalInt.of(Integer.parseInt(code.strip()));
            } catch (NumberFormatException e) {
                answer.completeExceptionally(new IOException("grpc-status '" + code + "' is not a number"));
                return;
            }
        }
        Optional<String> text = Optional.ofNullable(trailers.get("grpc-message"))
                .map(value -> java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        answer.complete(new Answer(httpStatus, status, text, message.duplicate().flip()));
    }
}
