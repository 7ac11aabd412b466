package dev.upwatch.web.page;

import dev.upwatch.web.config.PageConfig;

/** The frame every page shares (logo, links, footer) and its wording, for pages rendered outside this package. */
public final class PageChrome {
    private PageChrome() {
    }

    /** The chrome of {@code page}, as the status page shows it. */
    public static StatusPageView.ChromeView of(PageConfig page) {
        return PageViews.chrome(page);
    }

    /** A duration as the pages write it: {@code 2 d 3 h}, {@code 1 h 5 min}, {@code 4 min}, {@code under a minute}. */
    public static String duration(java.time.Duration duration) {
        return PageViews.duration(duration);
    }
}
