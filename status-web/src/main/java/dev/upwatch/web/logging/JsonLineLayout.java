package dev.upwatch.web.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.Map;

/**
 * Formats each log event as one flat JSON object on one line: {@code timestamp} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, then every MDC entry and every SLF4J key-value pair as a field
 * of its own (e.g. {@code monitor}, {@code from}, {@code to}, {@code reason} for status changes), and
 * {@code exception} with the stack trace when there is one. Line breaks inside values are escaped, so a record
 * never spans lines.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "logger", event.getLoggerName());
        field(json, "thread", event.getThreadName());
        field(json, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((key, value) -> field(json, key, value));
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                field(json, pair.key, String.valueOf(pair.value));
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(json, "exception", ThrowableProxyUtil.asString(thrown));
        }
        json.setLength(json.length() - 1); // the last field's comma
        return json.append('}').append(System.lineSeparator()).toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        quote(json, name);
        json.append(':');
        quote(json, value == null ? "" : value);
        json.append(',');
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
