package dev.upwatch.probes.redis;

import dev.upwatch.core.model.InvalidSettingException;

import java.util.ArrayList;
import java.util.List;

/** The {@code command} setting split into words as {@code redis-cli} splits a line (spaces, double quotes). */
final class RedisCommand {
    private RedisCommand() {
    }

    /**
     * The words of {@code line}: separated by spaces, a word in {@code "double quotes"} may contain spaces, and
     * {@code \"} and {@code \\} escape inside quotes.
     *
     * @throws InvalidSettingException naming {@code command}, for an empty line, an unclosed quote or too many words
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"') {
                int open = i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i < line.length()) {
                        d = line.charAt(i++);
                    }
                    word.append(d);
                }
                if (!closed) {
                    throw new InvalidSettingException("command", "unclosed quote at position " + open);
                }
            } else {
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    word.append(line.charAt(i++));
                }
            }
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new InvalidSettingException("command", "is empty; leave it out to send PING");
        }
        if (words.size() > RedisProbeFactory.MAX_WORDS) {
            throw new InvalidSettingException("command", "has " + words.size() + " words, at most "
                    + RedisProbeFactory.MAX_WORDS);
        }
        return List.copyOf(words);
    }
}
