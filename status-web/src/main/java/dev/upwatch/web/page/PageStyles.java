package dev.upwatch.web.page;

import dev.upwatch.web.i18n.Languages;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.StatusPage;
import dev.upwatch.web.reader.StatusPages;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stylesheets made from the configuration and the texts, served as hashed assets like {@code app.css} (the strict
 * CSP allows no inline style): per language {@code lang-<tag>.css}, the words CSS shows (the 90-day bar's ends), and per
 * page with an accent colour {@code page-<slug>.css}, which sets {@code --uw-accent} and draws it as a bar above the
 * page (decoration only: texts keep their contrast-checked colours whatever the accent).
 */
public final class PageStyles {
    private PageStyles() {
    }

    /** The stylesheet of each language, by file name. */
    static Map<String, String> languages() {
        Map<String, String> sheets = new LinkedHashMap<>();
        for (Locale locale : Languages.SUPPORTED) {
            Messages m = Messages.of(locale);
            sheets.put("lang-" + m.tag() + ".css", ".bar::before{content:" + string(m.text("bar.from"))
                    + "}.bar::after{content:" + string(m.text("bar.to")) + "}\n");
        }
        return sheets;
    }

    /** The stylesheets of the {@code pages} with an accent colour, by file name. */
    public static Map<String, String> of(StatusPages pages) {
        Map<String, String> sheets = new LinkedHashMap<>();
        for (StatusPage page : pages.all()) {
            page.accent().ifPresent(colour -> sheets.put("page-" + page.slug() + ".css",
                    ":root{--uw-accent:" + colour + "}.page{border-top:.35rem solid var(--uw-accent)}\n"));
        }
        return sheets;
    }

    /** {@code text} as a CSS string: quoted, with quotes, backslashes and line breaks escaped. */
    static String string(String text) {
        StringBuilder css = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\' -> css.append('\\').append(c);
                case '\n', '\r' -> css.append("\\a ");
                case '<' -> css.append("\\3c "); // never "</style" should the sheet ever be inlined
                default -> css.append(c);
            }
        }
        return css.append('"').toString();
    }
}
