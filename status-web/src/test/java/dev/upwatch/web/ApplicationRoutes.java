package dev.upwatch.web;

import com.google.inject.Binder;
import com.google.inject.Module;
import jakarta.inject.Inject;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The routes of a running application, read from the Jersey application its Guice injector built (every resource
 * registered, by Jersey's own resource model) — not from a hand list, so a route added later is covered too. Add it
 * to the modules the application starts with.
 */
final class ApplicationRoutes implements Module {
    private volatile ResourceConfig application;

    /**
     * One resource method.
     *
     * @param method     HTTP method, e.g. {@code GET}
     * @param path       path template, e.g. {@code /api/v1/services/{id}}
     * @param parameters the method's parameters (query, path, header, entity, ...)
     */
    record Route(String method, String path, List<Parameter> parameters) {
        Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            parameters = List.copyOf(parameters);
        }

        /** The path with every template variable filled in: {@code {id}} with {@code id}, others with {@code 24h}. */
        String filled(String id) {
            return path.replace("{id}", id).replaceAll("\\{[^}]+}", "24h");
        }
    }

    @Override
    public void configure(Binder binder) {
        binder.requestInjection(this);
    }

    @Inject
    void capture(ResourceConfig built) {
        this.application = built;
    }

    /** Every route of every resource the application registered, in a stable order. */
    List<Route> all() {
        ResourceConfig built = Objects.requireNonNull(application, "start the application with this module first");
        Set<Class<?>> types = new LinkedHashSet<>(built.getClasses());
        built.getInstances().forEach(instance -> types.add(instance.getClass()));
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : types) {
            if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                collect(Resource.from(type), "", routes);
            }
        }
        built.getResources().forEach(resource -> collect(resource, "", routes));
        routes.sort(java.util.Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    /** The GET routes. */
    List<Route> gets() {
        return all().stream().filter(route -> route.method().equals("GET")).toList();
    }

    private static void collect(Resource resource, String prefix, List<Route> routes) {
        String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/");
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod(), trimmed, method.getInvocable().getParameters()));
        }
        resource.getChildResources().forEach(child -> collect(child, path, routes));
    }
}
