package dev.upwatch.web.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import dev.upwatch.web.reader.ReaderScope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * One feed written by Rome as Atom 1.0 (RFC 4287) or RSS 2.0: the entries' ids, dates and text come from
 * {@link FeedEntries}; links are absolute, on the page's public address.
 *
 * @param scope    the page it belongs to
 * @param id       the feed's own stable id (an {@code urn:uuid})
 * @param title    e.g. {@code Acme Status: incidents and maintenance}
 * @param self     the feed's own address, relative to the page's root
 * @param page     the page it describes, relative to the page's root
 * @param updated  the newest entry's {@code updated}
 * @param entries  newest first
 */
record FeedDocument(ReaderScope scope, String id, String title, String self, String page, Instant updated,
                    List<FeedEntry> entries) {
    FeedDocument {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(updated, "updated");
        entries = List.copyOf(entries);
    }

    /** The Atom 1.0 document, UTF-8. */
    byte[] atom() {
        Feed feed = new Feed("atom_1.0");
        feed.setId(id);
        feed.setTitle(title);
        feed.setUpdated(Date.from(updated));
        feed.setLanguage(scope.locale().toLanguageTag());
        Person author = new Person();
        author.setName(scope.title());
        author.setUri(scope.baseUri().toString());
        feed.setAuthors(List.of(author));
        feed.setAlternateLinks(List.of(link("alternate", "text/html", scope.link(page).toString())));
        feed.setOtherLinks(List.of(link("self", "application/atom+xml", scope.link(self).toString())));
        feed.setGenerator(generator());
        feed.setEntries(entries.stream().map(this::atomEntry).toList());
        return write(feed, scope.locale().toLanguageTag());
    }

    /** The RSS 2.0 document, UTF-8. */
    byte[] rss() {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(title);
        channel.setLink(scope.link(page).toString());
        channel.setDescription(scope.messages().text("feed.description", scope.title()));
        channel.setLanguage(scope.locale().toLanguageTag());
        channel.setLastBuildDate(Date.from(updated));
        channel.setPubDate(Date.from(updated));
        channel.setGenerator("Upwatch");
        channel.setItems(entries.stream().map(this::rssItem).toList());
        return write(channel, null);
    }

    private Entry atomEntry(FeedEntry entry) {
        Entry atom = new Entry();
        atom.setId(entry.id());
        atom.setTitle(entry.title());
        atom.setPublished(Date.from(entry.published()));
        atom.setUpdated(Date.from(entry.updated()));
        atom.setAlternateLinks(List.of(link("alternate", "text/html", scope.link(entry.link()).toString())));
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(entry.text());
        atom.setContents(List.of(content));
        return atom;
    }

    private Item rssItem(FeedEntry entry) {
        Item item = new Item();
        item.setTitle(entry.title());
        item.setLink(scope.link(entry.link()).toString());
        Guid guid = new Guid();
        guid.setPermaLink(false);
        guid.setValue(entry.id());
        item.setGuid(guid);
        // RSS has one date per item: the last change, so that readers show an update as news.
        item.setPubDate(Date.from(entry.updated()));
        Description description = new Description();
        description.setType("text/plain");
        description.setValue(entry.text());
        item.setDescription(description);
        return item;
    }

    private static Link link(String rel, String type, String href) {
        Link link = new Link();
        link.setRel(rel);
        link.setType(type);
        link.setHref(href);
        return link;
    }

    private static com.rometools.rome.feed.atom.Generator generator() {
        com.rometools.rome.feed.atom.Generator generator = new com.rometools.rome.feed.atom.Generator();
        generator.setValue("Upwatch");
        return generator;
    }

    /**
     * The document of {@code feed}; {@code language}, when given, becomes the root's {@code xml:lang} (Atom's way of
     * saying the language, RFC 4287 §2; Rome writes RSS's {@code <language>} itself but not this).
     */
    private static byte[] write(WireFeed feed, String language) {
        try {
            org.jdom2.Document document = new WireFeedOutput().outputJDom(feed);
            if (language != null) {
                document.getRootElement().setAttribute("lang", language, org.jdom2.Namespace.XML_NAMESPACE);
            }
            org.jdom2.output.Format format = org.jdom2.output.Format.getPrettyFormat().setEncoding("UTF-8");
            return new org.jdom2.output.XMLOutputter(format).outputString(document).getBytes(StandardCharsets.UTF_8);
        } catch (FeedException e) {
            throw new IllegalStateException("the feed could not be written", e);
        }
    }
}
