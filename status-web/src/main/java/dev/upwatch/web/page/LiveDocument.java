package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Messages;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A live page outside the status pages (the console's dashboard for one query): its template rendered at most once
 * per snapshot version, with the fragments an open copy replaces marked as on the status pages. The full page and the
 * fragments sent to open copies are the same render ({@link LivePage}); the template writes {@code liveVersion} into
 * its {@code #live-version} fragment, where the page script reads it.
 */
public final class LiveDocument {
    private final FreemarkerWriter templates;
    private final String template;
    private final Messages messages;
    private final String root;
    private final Function<LiveSnapshot, Object> model;
    private LivePage last;
    /** {@code last}'s markup, marks removed. */
    private String lastText;

    /**
     * @param template the template, rendered with the model {@code model} makes of a snapshot
     * @param root     the path from the page to the root its script's requests go under
     */
    public LiveDocument(FreemarkerWriter templates, String template, Messages messages, String root,
                        Function<LiveSnapshot, Object> model) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.template = Objects.requireNonNull(template, "template");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.root = Objects.requireNonNull(root, "root");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The render at {@code snapshot}, or a newer one already made. */
    synchronized LivePage at(LiveSnapshot snapshot) {
        LivePage before = last;
        if (before != null && before.version() >= snapshot.version()) {
            return before;
        }
        String html = templates.render(template, model.apply(snapshot), messages, root, snapshot.tag());
        last = LivePage.of(snapshot, LivePage.cut(html, List.of()), before, null);
        lastText = last.text();
        return last;
    }

    /** The page's markup at {@code snapshot} or a newer version (marks removed), as a full page includes it. */
    public synchronized String html(LiveSnapshot snapshot) {
        at(snapshot);
        return lastText;
    }
}
