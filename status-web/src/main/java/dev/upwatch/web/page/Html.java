package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Messages;

import java.util.Objects;

/**
 * A page to render: a Freemarker template and its model, in a language; written by {@link FreemarkerWriter}.
 *
 * @param template template name under {@code templates/}, e.g. {@code index.ftlh}
 * @param model    the view model, exposed to the template as {@code page}
 * @param messages the page's language, exposed as {@code t} and {@code lang}
 * @param root     the path from the page to its status page's root, e.g. {@code ./} or {@code ../../}, as {@code root}
 */
public record Html(String template, Object model, Messages messages, String root) {
    public Html {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(root, "root");
    }
}
