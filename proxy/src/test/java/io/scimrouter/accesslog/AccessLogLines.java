package io.scimrouter.accesslog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Access log output read back for tests: every non-empty line must be exactly one JSON object. */
public final class AccessLogLines {
    /** The fields of every line, in order. */
    public static final String[] FIELDS = {"time", "requestId", "client", "method", "route", "project",
        "environment", "tenant", "path", "queryParams", "status", "bytesIn", "bytesOut", "durationMs",
        "upstreamFirstByteMs", "upstream", "retried", "flags", "traceId", "userAgent"};

    private AccessLogLines() {
    }

    public static List<Map<String, Object>> parse(String output) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    lines.add(AccessLogThroughRouterTest.object(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }
}
