package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.StatusPage;

/** The frame every page shares (logo, links, footer, languages), for pages rendered outside this package. */
public final class PageChrome {
    private PageChrome() {
    }

    /** The chrome of {@code page} in the language of {@code messages}, as the status page shows it. */
    public static StatusPageView.ChromeView of(StatusPage page, Messages messages) {
        return PageViews.chrome(page, messages);
    }
}
