package dev.upwatch.web.demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pretend web shop that the built-in demo watches, so that a fresh clone shows a living status page even offline:
 * its answers take a realistic, varying time (log-normal around {@value #MEDIAN_MILLIS} ms with a long tail, so
 * that the checkout now and then turns DEGRADED), and its payments fail for {@value #BLIP_SECONDS} seconds every
 * {@value #BLIP_EVERY_MINUTES} minutes (a short outage with its incident). Served only while Upwatch runs the
 * built-in demo configuration.
 */
@Path("/demo/shop")
@Produces(MediaType.APPLICATION_JSON)
public final class DemoShopResource {
    static final int MEDIAN_MILLIS = 45;
    static final int BLIP_EVERY_MINUTES = 20;
    static final int BLIP_SECONDS = 50;
    /** The minute of each {@value #BLIP_EVERY_MINUTES} in which the payments fail. */
    private static final int BLIP_MINUTE = 7;

    private final Clock clock;

    public DemoShopResource(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The storefront: quick, as pages served from a cache are. */
    @GET
    public Response storefront() throws InterruptedException {
        return answer(0.4, "{\"status\":\"UP\",\"page\":\"storefront\"}");
    }

    /** The checkout: a database round trip or two, sometimes slow. */
    @GET
    @Path("api/checkout")
    public Response checkout() throws InterruptedException {
        return answer(1.6, "{\"status\":\"UP\",\"carts\":" + ThreadLocalRandom.current().nextInt(20, 90) + "}");
    }

    /** The payments: fine, but for a short outage every {@value #BLIP_EVERY_MINUTES} minutes. */
    @GET
    @Path("api/payments")
    public Response payments() throws InterruptedException {
        long second = clock.instant().getEpochSecond();
        if ((second / 60) % BLIP_EVERY_MINUTES == BLIP_MINUTE && second % 60 < BLIP_SECONDS) {
            pause(Duration.ofMillis(ThreadLocalRandom.current().nextLong(900, 1_400)));
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                    .entity("{\"status\":\"DOWN\",\"error\":\"payment provider timed out\"}").build();
        }
        return answer(1.0, "{\"status\":\"UP\"}");
    }

    /** Answers after a log-normal delay: {@code scale} times the median, with a sigma of 0.5 (p99 about 3.2 × median). */
    private static Response answer(double scale, String body) throws InterruptedException {
        double millis = scale * MEDIAN_MILLIS * Math.exp(0.5 * ThreadLocalRandom.current().nextGaussian());
        pause(Duration.ofMillis(Math.min(2_000, Math.round(millis))));
        return Response.ok(body).build();
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration); // a request thread is virtual: waiting costs no platform thread
    }
}
