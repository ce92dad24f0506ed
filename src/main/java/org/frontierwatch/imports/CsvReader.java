package org.frontierwatch.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""} for a quote, line breaks
 * inside quotes) as exported by ACLED and UCDP. Consumes a reader whose first row is the header; produces rows as
 * column-name maps with the line number each row starts on. A UTF-8 byte-order mark before the header is skipped.
 */
public final class CsvReader implements AutoCloseable {

    /** A data row: the line it starts on (the header is line 1), its values by column name, how many fields it had. */
    public record Row(long line, Map<String, String> values, int fields) {

        public String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.strip();
        }
    }

    private final Reader in;
    private final List<String> header;
    private long line = 1;
    private int pushedBack = -2;

    public CsvReader(Reader in) throws IOException {
        this.in = in;
        int first = read();
        if (first != 0xFEFF) {
            pushedBack = first;
        }
        List<String> h = next();
        if (h == null) {
            throw new IOException("empty file: no header row");
        }
        List<String> names = new ArrayList<>();
        h.forEach(n -> names.add(n.strip()));
        this.header = List.copyOf(names);
    }

    public List<String> header() {
        return header;
    }

    /** The next data row, or null at the end. */
    public Row nextRow() throws IOException {
        while (true) {
            long start = line;
            List<String> fields = next();
            if (fields == null) {
                return null;
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < header.size() && i < fields.size(); i++) {
                values.put(header.get(i), fields.get(i));
            }
            return new Row(start, values, fields.size());
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /** The fields of the next record, or null at the end of input. */
    private List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("line " + line + ": end of file inside a quoted field");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString());
                if (c == '\n') {
                    line++;
                }
                return fields;
            } else if (c == '\r') {
                int n = read();
                if (n != '\n') {
                    pushedBack = n;
                }
                fields.add(field.toString());
                line++;
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
