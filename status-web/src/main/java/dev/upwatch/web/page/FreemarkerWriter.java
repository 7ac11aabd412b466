package dev.upwatch.web.page;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import dev.upwatch.web.i18n.Messages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {@link Html} entities with Freemarker. Templates are {@code .ftlh}, so every interpolation is
 * HTML-escaped unless a template explicitly says otherwise; templates are cached after the first use. Every render is
 * in one language: the template gets its texts as {@code t} ({@link MessageMethod}, resolved once per render) and its
 * tag as {@code lang}, and the path to its page's root as {@code root}.
 */
@Provider
@Produces(MediaType.TEXT_HTML)
public final class FreemarkerWriter implements MessageBodyWriter<Html> {
    private final Configuration freemarker;
    private final Map<String, String> assetPaths;
    private final Map<Locale, MessageMethod> texts = new ConcurrentHashMap<>();

    public FreemarkerWriter(AssetCatalog assets) {
        this(assets, false);
    }

    /** @param subscribe whether pages link the subscription form (readers may subscribe: {@code subscriptions} is set) */
    public FreemarkerWriter(AssetCatalog assets, boolean subscribe) {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setSharedVariable("subscribe", subscribe ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE);
        freemarker.setClassLoaderForTemplateLoading(FreemarkerWriter.class.getClassLoader(), "templates");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputEncoding("UTF-8");
        freemarker.setURLEscapingCharset("UTF-8");
        freemarker.setRecognizeStandardFileExtensions(true);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        assetPaths = assets.paths();
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Html.class.isAssignableFrom(type);
    }

    /** Renders a template to text in a language, e.g. a fragment that the page then includes as is. */
    String render(String template, Object model, Messages messages, String root) {
        return render(template, data(model, messages, root));
    }

    /**
     * Renders a live page at snapshot version {@code version} (as {@code <epoch>-<version>}): its layout marks the
     * fragments an open page replaces ({@link LivePage#cut}) and tells the page script the version.
     */
    String render(String template, Object model, Messages messages, String root, String version) {
        Map<String, Object> data = data(model, messages, root);
        data.put("liveVersion", version);
        return render(template, data);
    }

    private Map<String, Object> data(Object model, Messages messages, String root) {
        Map<String, Object> data = new HashMap<>(8);
        data.put("page", model);
        data.put("assets", assetPaths);
        data.put("t", texts.computeIfAbsent(messages.locale(), locale -> new MessageMethod(messages)));
        data.put("lang", messages.tag());
        data.put("root", root);
        return data;
    }

    private String render(String template, Map<String, Object> data) {
        java.io.StringWriter out = new java.io.StringWriter(4_096);
        try {
            freemarker.getTemplate(template).process(data, out);
        } catch (TemplateException | IOException e) {
            throw new InternalServerErrorException("template " + template + " failed", e);
        }
        return out.toString();
    }

    @Override
    public void writeTo(Html html, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        headers.putSingle("Content-Type", "text/html; charset=UTF-8");
        headers.putSingle("Content-Language", html.messages().tag());
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            freemarker.getTemplate(html.template()).process(data(html.model(), html.messages(), html.root()), writer);
        } catch (TemplateException e) {
            throw new InternalServerErrorException("template " + html.template() + " failed", e);
        }
        writer.flush();
    }
}
