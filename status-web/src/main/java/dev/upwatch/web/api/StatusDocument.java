package dev.upwatch.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The summary ({@code /api/v1/status}) serialized once per change of the snapshot, with its entity tag. The live
 * snapshot rebuilds a service's immutable status only when a check of it arrives, so comparing the services by
 * identity tells cheaply whether the last bytes are still current. Today's incident titles are read only when the
 * document is rebuilt: a change of them shows with the next check of any service (each check makes a new status).
 */
final class StatusDocument {
    /** Serialized summary, the same gzip-compressed, and its strong entity tag (quoted, as sent). */
    record Rendered(List<ServiceStatus> services, List<MaintenanceJson> maintenance, LocalDate date, byte[] json,
                    byte[] gzip, String etag) {
    }

    private final ObjectMapper json;
    private volatile Rendered last = new Rendered(List.of(), List.of(), LocalDate.MIN, new byte[0], new byte[0], "\"\"");

    StatusDocument(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * The summary of {@code snapshot} with the maintenance windows to announce (re-rendered when they change, or the
     * UTC day does); {@code today} is asked only to re-render.
     */
    Rendered of(StatusSnapshot snapshot, List<MaintenanceJson> maintenance, LocalDate date,
                Supplier<ApiRepresentations.Today> today) {
        Rendered current = last;
        if (StatusSnapshot.sameServices(current.services(), snapshot.services()) && current.maintenance().equals(maintenance)
                && current.date().equals(date) && current.json().length > 0) {
            return current;
        }
        try {
            byte[] bytes = json.writeValueAsBytes(ApiRepresentations.status(snapshot, maintenance, today.get()));
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            Rendered rendered = new Rendered(snapshot.services(), maintenance, date, bytes, gzip(bytes), etag);
            last = rendered;
            return rendered;
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot serialize the summary", e);
        }
    }

    /** Compressed once per change instead of once per request: the summary of 1,000 services is ~250 KB. */
    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 8);
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out, 8_192)) {
            gzip.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
