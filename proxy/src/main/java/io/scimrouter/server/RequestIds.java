package io.scimrouter.server;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code X-Request-Id}: the client's, when it is one line of visible ASCII of at most {@value #MAX_LENGTH}
 * characters, else a new one. New ids are a random prefix per thread and that thread's counter
 * ({@code 3f9a0c1d5e7b2a46-1c}): unique without coordination between event loops, and cheap (no UUID, no lock).
 */
public final class RequestIds {
    public static final AsciiString HEADER = AsciiString.cached("x-request-id");
    public static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int PREFIX = 16;

    private static final FastThreadLocal<Generator> GENERATORS = new FastThreadLocal<>() {
        @Override
        protected Generator initialValue() {
            return new Generator();
        }
    };

    private RequestIds() {
    }

    /** The id of a request with these headers: the client's when valid, else a new one. */
    static String of(HttpHeaders headers) {
        String sent = headers.get(HEADER);
        return sent != null && isValid(sent) ? sent : next();
    }

    /** 1 to {@value #MAX_LENGTH} characters, each visible ASCII (0x21 to 0x7E): safe in a header and a log line. */
    public static boolean isValid(CharSequence id) {
        int n = id.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A new id, unique within this process and, with overwhelming likelihood, across processes. */
    public static String next() {
        return GENERATORS.get().next();
    }

    /** One per thread: its random prefix and its counter. */
    private static final class Generator {
        private final char[] chars = new char[PREFIX + 1 + 16];
        private long counter;

        Generator() {
            long random = ThreadLocalRandom.current().nextLong();
            for (int i = 0; i < PREFIX; i++) {
                chars[i] = HEX[(int) (random >>> (60 - 4 * i)) & 0xf];
            }
            chars[PREFIX] = '-';
        }

        String next() {
            long n = ++counter;
            int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(n)) / 4);
            for (int i = 0; i < digits; i++) {
                chars[PREFIX + digits - i] = HEX[(int) (n >>> (4 * i)) & 0xf];
            }
            return new String(chars, 0, PREFIX + 1 + digits);
        }
    }
}
