package io.kubelode.cli.http;

import java.util.Iterator;
import java.util.function.Consumer;

/** One Server-Sent Event: its {@code id:} and its {@code data:} lines joined. */
public record SseEvent(String id, String data) {

    /** Reads events from text/event-stream lines until they end, handing each to {@code sink}. */
    public static void parse(Iterator<String> lines, Consumer<SseEvent> sink) {
        String id = null;
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (hasData) {
                    sink.accept(new SseEvent(id, data.toString()));
                }
                id = null;
                data.setLength(0);
                hasData = false;
            } else if (line.startsWith(":")) {
                continue;
            } else if (field(line, "id")) {
                id = value(line);
            } else if (field(line, "data")) {
                data.append(hasData ? "\n" : "").append(value(line));
                hasData = true;
            }
        }
    }

    private static boolean field(String line, String name) {
        return line.equals(name) || line.startsWith(name + ":");
    }

    private static String value(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String v = line.substring(colon + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }
}
