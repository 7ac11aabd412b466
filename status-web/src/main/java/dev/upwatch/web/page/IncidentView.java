package dev.upwatch.web.page;

import java.util.List;

/**
 * One incident as the pages show it; built by {@link PageViews}, every text in the page's language.
 *
 * @param id          incident id (anchor)
 * @param title       one-line summary
 * @param impact      impact status key, e.g. {@code down} (CSS hook)
 * @param kind        {@code automatic}, {@code manual} or {@code maintenance}
 * @param state       state in words: the latest update's state, e.g. {@code Investigating}, or {@code Scheduled}
 * @param startedAt   start
 * @param resolvedAt  end, or null while it goes on
 * @param duration    how long it lasted (so far), e.g. {@code 1 hr, 5 min}
 * @param services    names of the affected services
 * @param affects     the same in words, e.g. {@code Affects API and Database}; empty when none
 * @param updates     the timeline, newest first
 */
public record IncidentView(String id, String title, String impact, String kind, String state, TimeView startedAt,
                           TimeView resolvedAt, String duration, List<String> services, String affects,
                           List<UpdateView> updates) {

    /**
     * One timeline entry.
     *
     * @param at      when
     * @param state   state in words
     * @param message what was said
     */
    public record UpdateView(TimeView at, String state, String message) {
    }

    /**
     * The incidents of one calendar month, for the history page.
     *
     * @param month     e.g. {@code November 2026}
     * @param incidents newest first; empty for a quiet month
     */
    public record MonthView(String month, List<IncidentView> incidents) {
    }

    /**
     * The history page's model.
     *
     * @param title  the status page's title
     * @param chrome logo, links, footer and languages
     * @param months newest month first
     */
    public record HistoryView(String title, StatusPageView.ChromeView chrome, List<MonthView> months) {
    }
}
