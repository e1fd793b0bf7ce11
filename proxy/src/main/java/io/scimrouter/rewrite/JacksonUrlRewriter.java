package io.scimrouter.rewrite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The reference {@link JsonUrlRewriter}: jackson-core's non-blocking parser finds the tokens. It decodes every string
 * and field name of the body, so it is the oracle of the differential tests rather than the proxy's rewriter
 * ({@link ScanningUrlRewriter} gives the same bytes several times faster). One instance per body, used by one thread.
 *
 * <p>The parser only finds the tokens; the output is the original bytes, copied between the rewritten strings, so
 * whitespace, number text, escapes and emoji leave exactly as they came. Only string values of fields named exactly
 * {@code location} or {@code $ref} whose unescaped value starts with a base of the {@link UrlMapping} are replaced,
 * written as ordinarily escaped JSON strings.
 *
 * <pre>
 *   fed:     ... "meta":{"location":  "http://10.0.0.5/scim/v2/p1/e1/Users/7"}, ...
 *   emitted: ... "meta":{"location":  ^ held back from here until the string ends, then spliced
 * </pre>
 *
 * Bytes are held back only from the start of a string that may be replaced (or the separators before it), so memory
 * per body is bounded by the longest token, never by the body. Malformed JSON: from the first error on, everything
 * passes through unchanged and {@link #malformed()} turns true. A broken {@link RewriteLimits} throws
 * {@link RewriteLimitExceededException}.
 */
public final class JacksonUrlRewriter implements JsonUrlRewriter {
    // string literals are interned, and so are the names jackson's canonicalising factory hands out
    private static final String LOCATION = "location";
    private static final String REF = "$ref";
    private static final ConcurrentMap<RewriteLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final byte[] NO_BYTES = new byte[0];

    private final UrlMapping mapping;
    private final RewriteLimits limits;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;

    /** The current chunk's bytes are {@code input[inputBase, inputBase + inputLength)} ... */
    private byte[] input;
    private int inputBase;
    private int inputLength;
    /** ... and sit at this absolute offset in the body. */
    private long inputStart;
    /** Bytes before the current chunk not emitted yet: body offsets {@code [heldStart, inputStart)}. */
    private byte[] held = NO_BYTES;
    private long heldStart;
    /** Everything before this body offset has been emitted (or replaced). */
    private long emittedUpTo;
    /** Output of the current call when it is not just a slice of the chunk; allocated on the first splice. */
    private ByteBuf out;
    /** The allocator of the current call. */
    private ByteBufAllocator alloc;

    /** The last field name was location or $ref, its value not seen yet; the value starts at or after this offset. */
    private boolean awaitingUrlValue;
    private long valueSearchFrom;

    /** How much of a UTF-8 byte order mark began the body (3: all of it), or -1: none. */
    private int bomMatched;
    /** jackson's byte offsets leave out a byte order mark; this puts it back. */
    private long bomShift;

    private boolean malformed;
    private boolean failed;
    private boolean finished;
    private long rewrittenCount;

    public JacksonUrlRewriter(UrlMapping mapping, RewriteLimits limits) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.limits = Objects.requireNonNull(limits, "limits");
        try {
            this.parser = FACTORIES.computeIfAbsent(limits, JacksonUrlRewriter::factory)
                    .createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    private static JsonFactory factory(RewriteLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNestingDepth(limits.maxNestingDepth())
                        .build())
                .build();
    }

    @Override
    public ByteBuf feed(ByteBuf chunk, ByteBufAllocator alloc) {
        Objects.requireNonNull(chunk, "chunk");
        if (failed || finished) {
            chunk.release();
            throw new IllegalStateException(failed ? "rewriter failed on an earlier chunk" : "body already finished");
        }
        if (malformed || !chunk.isReadable()) {
            return chunk; // nothing held when malformed, and an empty chunk changes nothing
        }
        boolean chunkReturned = false;
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        try {
            useAsInput(chunk);
            noteByteOrderMark();
            try {
                feeder.feedInput(input, inputBase, inputBase + inputLength);
                processTokens();
            } catch (StreamConstraintsException e) {
                throw limitExceeded(e);
            } catch (IOException e) {
                markMalformed();
            }
            long inputEnd = inputStart + inputLength;
            long sendUpTo = awaitingUrlValue ? firstValueByte(inputEnd) : inputEnd;
            ByteBuf result;
            if (out == null && emittedUpTo >= inputStart) {
                // the common case: nothing spliced, so the output is (part of) the chunk itself, no copy
                int from = (int) (emittedUpTo - inputStart);
                int length = (int) (sendUpTo - emittedUpTo);
                if (from == 0 && length == inputLength) {
                    result = chunk;
                    chunkReturned = true;
                } else {
                    result = chunk.retainedSlice(chunk.readerIndex() + from, length);
                }
                emittedUpTo = sendUpTo;
            } else {
                emitInputUpTo(sendUpTo);
                result = takeOut();
            }
            holdRestOfInput();
            return result;
        } catch (RuntimeException | Error e) {
            failed = true;
            if (out != null) {
                out.release();
                out = null;
            }
            throw e;
        } finally {
            input = null;
            this.alloc = null;
            if (!chunkReturned) {
                chunk.release();
            }
        }
    }

    @Override
    public ByteBuf finish(ByteBufAllocator alloc) {
        if (failed || finished) {
            throw new IllegalStateException(failed ? "rewriter failed on an earlier chunk" : "body already finished");
        }
        finished = true;
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        input = NO_BYTES;
        inputBase = 0;
        inputLength = 0;
        try {
            if (!malformed) {
                try {
                    feeder.endOfInput();
                    processTokens();
                } catch (StreamConstraintsException e) {
                    throw limitExceeded(e);
                } catch (IOException e) {
                    markMalformed(); // a truncated body: what is held goes out as it came
                }
            }
            if (emittedUpTo == inputStart) {
                return Unpooled.EMPTY_BUFFER;
            }
            emitInputUpTo(inputStart);
            return takeOut();
        } catch (RuntimeException | Error e) {
            failed = true;
            if (out != null) {
                out.release();
                out = null;
            }
            throw e;
        } finally {
            held = NO_BYTES;
            this.alloc = null;
            closeParser();
        }
    }

    @Override
    public boolean malformed() {
        return malformed;
    }

    @Override
    public long rewrittenCount() {
        return rewrittenCount;
    }

    private void useAsInput(ByteBuf chunk) {
        inputLength = chunk.readableBytes();
        if (chunk.hasArray()) {
            input = chunk.array();
            inputBase = chunk.arrayOffset() + chunk.readerIndex();
        } else {
            input = ScratchBytes.get(ScratchBytes.CHUNK, inputLength); // the parser is done with it when feed returns
            chunk.getBytes(chunk.readerIndex(), input, 0, inputLength);
            inputBase = 0;
        }
    }

    /** jackson skips a byte order mark at the start of the body and counts its offsets from after it. */
    private void noteByteOrderMark() {
        for (int i = 0; i < inputLength && bomMatched >= 0 && bomMatched < 3; i++) {
            int expected = bomMatched == 0 ? 0xEF : bomMatched == 1 ? 0xBB : 0xBF;
            bomMatched = (input[inputBase + i] & 0xFF) == expected ? bomMatched + 1 : -1;
        }
        if (bomMatched == 3) {
            bomShift = 3;
        }
    }

    private void processTokens() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
            if (token == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (name.length() > limits.maxStringLength()) {
                    throw new RewriteLimitExceededException("JSON field name longer than "
                            + limits.maxStringLength() + " characters");
                }
                awaitingUrlValue = isUrlField(name);
                if (awaitingUrlValue) {
                    valueSearchFrom = parser.currentLocation().getByteOffset() + bomShift;
                }
            } else if (token == JsonToken.VALUE_STRING) {
                if (parser.getTextLength() > limits.maxStringLength()) {
                    throw new RewriteLimitExceededException("JSON string longer than "
                            + limits.maxStringLength() + " characters");
                }
                if (awaitingUrlValue) {
                    awaitingUrlValue = false;
                    rewriteIfMapped();
                }
            } else {
                awaitingUrlValue = false; // null, a number, an object or array: left alone
            }
        }
    }

    private static boolean isUrlField(String name) {
        if (name == LOCATION || name == REF) {
            return true;
        }
        // in case a name ever arrives un-interned; cheap, most names differ in length
        return (name.length() == LOCATION.length() || name.length() == REF.length())
                && (name.equals(LOCATION) || name.equals(REF));
    }

    private void rewriteIfMapped() throws IOException {
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        int baseLength = mapping.matchedBaseLength(chars, offset, length);
        if (baseLength < 0) {
            return;
        }
        long valueStart = firstValueByte(inputStart + inputLength);
        long valueEnd = parser.currentLocation().getByteOffset() + bomShift;
        if (byteAt(valueStart) != '"' || byteAt(valueEnd - 1) != '"') {
            throw new IllegalStateException("string token bounds not on quotes: " + valueStart + ".." + valueEnd);
        }
        byte[] base = mapping.toBaseJson();
        int suffixLength = length - baseLength;
        int needed = base.length + 2 + suffixLength * JsonStringEscaper.MAX_BYTES_PER_CHAR;
        byte[] replacement = ScratchBytes.get(ScratchBytes.REPLACEMENT, needed);
        replacement[0] = '"';
        System.arraycopy(base, 0, replacement, 1, base.length);
        int end = JsonStringEscaper.escape(chars, offset + baseLength, offset + length, replacement, 1 + base.length);
        replacement[end++] = '"';

        emitInputUpTo(valueStart);
        out.writeBytes(replacement, 0, end);
        emittedUpTo = valueEnd;
        rewrittenCount++;
    }

    /**
     * The body offset of the first byte after {@code valueSearchFrom} that is not a separator (':' or whitespace),
     * or {@code limit} when there is none yet. Advances {@code valueSearchFrom} so no byte is scanned twice.
     */
    private long firstValueByte(long limit) {
        long at = valueSearchFrom;
        while (at < limit) {
            byte b = byteAt(at);
            if (b != ':' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            at++;
        }
        valueSearchFrom = at;
        return at;
    }

    private byte byteAt(long offset) {
        return offset >= inputStart
                ? input[inputBase + (int) (offset - inputStart)]
                : held[(int) (offset - heldStart)];
    }

    /** Copies the unsent input bytes before {@code to} into {@code out}. */
    private void emitInputUpTo(long to) {
        if (out == null) {
            out = alloc.buffer((int) (inputStart - heldStart) + inputLength + 256);
        }
        if (emittedUpTo < inputStart) {
            int heldUpTo = (int) (Math.min(to, inputStart) - heldStart);
            int heldFrom = (int) (emittedUpTo - heldStart);
            out.writeBytes(held, heldFrom, heldUpTo - heldFrom);
            emittedUpTo = heldStart + heldUpTo;
        }
        if (to > emittedUpTo) {
            int from = inputBase + (int) (emittedUpTo - inputStart);
            out.writeBytes(input, from, (int) (to - emittedUpTo));
            emittedUpTo = to;
        }
    }

    private ByteBuf takeOut() {
        ByteBuf result = out;
        out = null;
        return result;
    }

    /** Keeps the unsent bytes (the start of a possible URL value) for the next chunk and moves past this one. */
    private void holdRestOfInput() {
        long inputEnd = inputStart + inputLength;
        int keep = (int) (inputEnd - emittedUpTo);
        if (keep > 0) {
            byte[] next = held.length >= keep ? held : new byte[Math.max(keep, held.length * 2)];
            int fromHeld = (int) Math.max(0, inputStart - emittedUpTo);
            // the held part first (it may overlap when next == held, so System.arraycopy's memmove semantics matter)
            if (fromHeld > 0) {
                System.arraycopy(held, (int) (emittedUpTo - heldStart), next, 0, fromHeld);
            }
            int fromInput = keep - fromHeld;
            System.arraycopy(input, inputBase + inputLength - fromInput, next, fromHeld, fromInput);
            held = next;
        }
        heldStart = emittedUpTo;
        inputStart = inputEnd;
    }

    private void markMalformed() {
        malformed = true;
        awaitingUrlValue = false;
        closeParser();
    }

    private RewriteLimitExceededException limitExceeded(StreamConstraintsException e) {
        return new RewriteLimitExceededException(e.getOriginalMessage(), e);
    }

    private void closeParser() {
        try {
            parser.close();
        } catch (IOException e) {
            // a non-blocking parser over a byte array has nothing to close that can fail
        }
    }
}
