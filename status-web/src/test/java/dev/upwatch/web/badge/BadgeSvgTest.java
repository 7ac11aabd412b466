package dev.upwatch.web.badge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadgeSvgTest {
    @Test
    void hostileTextIsEscapedAndTheBadgeIsWellFormedXml() throws Exception {
        String svg = new BadgeSvg("<script>alert(1)</script>\" onload=\"x", "a & b\u0000", BadgeSvg.DOWN).render();
        assertFalse(svg.contains("<script>"));
        assertFalse(svg.contains("\" onload=\""));
        assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x"));
        assertTrue(svg.contains(">a &amp; b</text>"), svg);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void longerTextMakesAWiderBadgeUpToALimit() {
        assertTrue(width(new BadgeSvg("status", "up", BadgeSvg.UP)) < width(new BadgeSvg("status", "maintenance", BadgeSvg.UP)));
        assertTrue(width(new BadgeSvg("x".repeat(500), "up", BadgeSvg.UP)) < 600);
        assertThrows(IllegalArgumentException.class, () -> new BadgeSvg("a", "b", "red\" onload=\"x"));
    }

    private static int width(BadgeSvg badge) {
        String svg = badge.render();
        int start = svg.indexOf("width=\"") + 7;
        return Integer.parseInt(svg.substring(start, svg.indexOf('"', start)));
    }
}
