package io.scimrouter.accesslog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC with milliseconds ({@code 2026-12-06T10:15:30.123Z}); the text up to the second is kept. */
final class Timestamps {
    private static final DateTimeFormatter TO_SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);
    private final char[] chars = new char[24];
    private long second = Long.MIN_VALUE;

    String format(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            TO_SECOND.format(Instant.ofEpochSecond(s)).getChars(0, 20, chars, 0);
            second = s;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        chars[20] = (char) ('0' + millis / 100);
        chars[21] = (char) ('0' + millis / 10 % 10);
        chars[22] = (char) ('0' + millis % 10);
        chars[23] = 'Z';
        return new String(chars);
    }
}
