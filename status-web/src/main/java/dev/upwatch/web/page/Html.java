package dev.upwatch.web.page;

import java.util.Objects;

/**
 * A page to render: a Freemarker template and its model; written by {@link FreemarkerWriter}.
 *
 * @param template template name under {@code templates/}, e.g. {@code index.ftlh}
 * @param model    the view model, exposed to the template as {@code page}
 */
public record Html(String template, Object model) {
    public Html {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(model, "model");
    }
}
