package dev.upwatch.web.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3 document of the read API, checked by a test. */
@Path("/api/v1/openapi.json")
public final class OpenApiResource {
    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("api/openapi.json is missing from the classpath");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3_600);
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).cacheControl(cache).build();
    }
}
