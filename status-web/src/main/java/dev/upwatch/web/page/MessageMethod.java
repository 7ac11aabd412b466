package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Messages;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;

import java.util.List;
import java.util.Objects;

/**
 * The templates' {@code t("key", arguments...)}: a text of the page's language ({@link Messages#text}). Handed to a
 * render once, as the language's own object, so a lookup is a map read — no bean wrapping, no reflection. The result
 * is plain text, escaped by the template like any other value.
 */
final class MessageMethod implements TemplateMethodModelEx {
    private final Messages messages;

    MessageMethod(Messages messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.isEmpty()) {
            throw new TemplateModelException("t needs a key");
        }
        Object[] values = new Object[arguments.size() - 1];
        for (int i = 1; i < arguments.size(); i++) {
            values[i - 1] = plain((TemplateModel) arguments.get(i));
        }
        return new SimpleScalar(messages.text(((TemplateScalarModel) arguments.get(0)).getAsString(), values));
    }

    private static Object plain(TemplateModel value) throws TemplateModelException {
        if (value instanceof TemplateNumberModel number) {
            return number.getAsNumber();
        }
        if (value instanceof TemplateScalarModel text) {
            return text.getAsString();
        }
        if (value instanceof TemplateBooleanModel bool) {
            return bool.getAsBoolean();
        }
        throw new TemplateModelException("t takes texts and numbers, not " + value.getClass().getSimpleName());
    }
}
