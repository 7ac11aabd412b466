package dev.upwatch.web.reader;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes CSV rows (RFC 4180: quoted where needed, CRLF line ends, a header row) to a stream as they come, through
 * Jackson's CSV generator; nothing is held but the generator's buffer.
 */
public final class CsvStream implements AutoCloseable {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
    private final SequenceWriter rows;

    /** Starts a CSV document with the given header on {@code out}. */
    public CsvStream(OutputStream out, List<String> columns) {
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        try {
            rows = MAPPER.writerFor(Object[].class)
                    .with(schema.build().withHeader().withLineSeparator("\r\n"))
                    .writeValues(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one row; values are written as text ({@code null} as an empty field). */
    public void row(Object... values) {
        try {
            rows.write(Arrays.stream(values).map(v -> v == null ? "" : v.toString()).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the document and flushes it; the stream itself stays open. */
    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
