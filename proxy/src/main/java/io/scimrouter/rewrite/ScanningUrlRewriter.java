package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.Objects;

/**
 * The proxy's {@link JsonUrlRewriter}: a {@link JsonStructureScanner} finds the string values of {@code location} and
 * {@code $ref} fields without decoding the rest of the body, and only those values are compared with the mapping's
 * bases. Its output is byte-identical to {@link JacksonUrlRewriter}'s, the reference it is tested against. One
 * instance per body, used by one thread.
 *
 * <pre>
 *   fed:     ... "meta":{"location":  "http://10.0.0.5/scim/v2/p1/e1/Users/7"}, ...
 *   emitted: ... "meta":{"location":  ^ held back from here until the string ends, then spliced
 * </pre>
 *
 * A chunk without a replaced value goes out as itself, without a copy. Bytes are held back only from the opening
 * quote of a possible URL value, so memory per body is bounded by the longest token, never by the body. A plain
 * ASCII value is compared and spliced as bytes; a value with escapes or non-ASCII characters is decoded to chars
 * the way jackson does and re-escaped the way the reference writes it.
 */
public final class ScanningUrlRewriter implements JsonUrlRewriter {
    private static final byte[] NO_BYTES = new byte[0];

    private final UrlMapping mapping;
    private final JsonStructureScanner scanner;

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
    private ByteBufAllocator alloc;

    private boolean malformed;
    private boolean failed;
    private boolean finished;
    private long rewrittenCount;

    public ScanningUrlRewriter(UrlMapping mapping, RewriteLimits limits) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.scanner = new JsonStructureScanner(Objects.requireNonNull(limits, "limits"));
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
            scanInput();
            long inputEnd = inputStart + inputLength;
            long sendUpTo = !malformed && scanner.inUrlValue() ? scanner.urlValueStart() : inputEnd;
            ByteBuf result;
            if (out == null && emittedUpTo >= inputStart) {
                // the common case for large bodies: nothing spliced, so the output is (part of) the chunk itself
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
            fail();
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
            if (!malformed && !scanner.endOfInput()) {
                malformed = true; // a truncated body: what is held goes out as it came
            }
            if (emittedUpTo == inputStart) {
                return Unpooled.EMPTY_BUFFER;
            }
            emitInputUpTo(inputStart);
            return takeOut();
        } catch (RuntimeException | Error e) {
            fail();
            throw e;
        } finally {
            held = NO_BYTES;
            this.alloc = null;
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

    /**
     * Body bytes held back between calls: from the opening quote of a possible URL value that has not closed yet to
     * the end of the last chunk (0 when no such value is open, always when the body is malformed, and after
     * {@link #finish}).
     *
     * <p>The bound: at most {@code 6 * maxStringLength + 21} bytes. A value still open when a chunk ends has passed
     * the end-of-chunk length check ({@link JsonStructureScanner}): at most {@code maxStringLength} bytes, or at
     * most {@code maxStringLength} chars counted as its raw bytes minus its shrink. A char takes at most 6 bytes (a
     * {@code \}{@code uXXXX} escape; 4-byte UTF-8 is 2 chars, an escaped surrogate pair 2 chars in 12 bytes). An
     * escape cut by the chunk end is counted ahead: after a bare {@code \}{@code u} (2 bytes) the shrink already
     * holds all 5 of its escape, so the count is 3 short and {@code maxStringLength + 3} complete escapes may pass;
     * with the 2 bytes of the cut escape and the opening quote that is {@code 6 * (maxStringLength + 3) + 2 + 1}.
     * The check at the end of the next chunk (or the closing quote) fails the value before it holds more. Per-thread
     * scratch arrays ({@link ScratchBytes}) are not held by a body.
     */
    long heldBytes() {
        return finished ? 0 : inputStart - heldStart;
    }

    /**
     * The bytes of the arrays this rewriter keeps between calls, used or not: the held-back array (it grows by
     * doubling, so it stays below twice the largest {@link #heldBytes()} it ever had: {@code 12 * maxStringLength +
     * 42}) plus the scanner's ({@link JsonStructureScanner#retainedBytes()}).
     */
    long retainedBytes() {
        return held.length + scanner.retainedBytes();
    }

    private void useAsInput(ByteBuf chunk) {
        inputLength = chunk.readableBytes();
        if (chunk.hasArray()) {
            input = chunk.array();
            inputBase = chunk.arrayOffset() + chunk.readerIndex();
        } else {
            // one bulk copy is cheaper than scanning a direct buffer through its accessors
            input = ScratchBytes.get(ScratchBytes.CHUNK, inputLength);
            chunk.getBytes(chunk.readerIndex(), input, 0, inputLength);
            inputBase = 0;
        }
    }

    private void scanInput() {
        int end = inputBase + inputLength;
        long offsetOfIndexZero = inputStart - inputBase;
        int at = inputBase;
        while (true) {
            at = scanner.scan(input, inputBase, at, end, offsetOfIndexZero);
            int event = scanner.event();
            if (event == JsonStructureScanner.URL_VALUE) {
                rewriteIfMapped(at + offsetOfIndexZero);
            } else {
                malformed = event == JsonStructureScanner.MALFORMED;
                return;
            }
        }
    }

    /** The possible URL value that ends before body offset {@code valueEnd} (after its closing quote). */
    private void rewriteIfMapped(long valueEnd) {
        long valueStart = scanner.urlValueStart();
        byte[] bytes;
        int from;
        if (valueStart >= inputStart) {
            bytes = input;
            from = inputBase + (int) (valueStart - inputStart) + 1;
        } else {
            // began in an earlier chunk: held from its quote on; join both parts
            int heldPart = (int) (inputStart - valueStart);
            int inputPart = (int) (valueEnd - inputStart);
            bytes = ScratchBytes.get(ScratchBytes.VALUE, heldPart + inputPart);
            System.arraycopy(held, (int) (valueStart - heldStart), bytes, 0, heldPart);
            System.arraycopy(input, inputBase, bytes, heldPart, inputPart);
            from = 1;
        }
        int length = (int) (valueEnd - valueStart) - 2;
        if (scanner.urlValuePlain()) {
            int baseLength = mapping.matchedBaseLength(bytes, from, length);
            if (baseLength < 0) {
                return;
            }
            emitInputUpTo(valueStart);
            out.writeBytes(mapping.quotedToBaseJson());
            // ASCII text without escapes, quotes or controls: the reference's escaping would write it unchanged, so
            // the rest of the value and its closing quote are sent as they came, with the bytes that follow them
            emittedUpTo = valueStart + 1 + baseLength;
            rewrittenCount++;
            return;
        }
        char[] chars = ScratchBytes.chars(length);
        int charCount = JsonStringDecoder.decode(bytes, from, from + length, chars);
        int baseLength = mapping.matchedBaseLength(chars, 0, charCount);
        if (baseLength < 0) {
            return;
        }
        byte[] base = mapping.toBaseJson();
        int needed = base.length + 2 + (charCount - baseLength) * JsonStringEscaper.MAX_BYTES_PER_CHAR;
        byte[] replacement = ScratchBytes.get(ScratchBytes.REPLACEMENT, needed);
        replacement[0] = '"';
        System.arraycopy(base, 0, replacement, 1, base.length);
        int end = JsonStringEscaper.escape(chars, baseLength, charCount, replacement, 1 + base.length);
        replacement[end++] = '"';
        emitInputUpTo(valueStart);
        out.writeBytes(replacement, 0, end);
        emittedUpTo = valueEnd;
        rewrittenCount++;
    }

    /** Copies the unsent input bytes before {@code to} into {@code out}. */
    private void emitInputUpTo(long to) {
        if (out == null) {
            // room for the usual growth of a few URLs per chunk, so that the buffer rarely has to grow
            out = alloc.buffer((int) (inputStart - heldStart) + inputLength + (inputLength >>> 4) + 64);
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

    private void fail() {
        failed = true;
        if (out != null) {
            out.release();
            out = null;
        }
    }
}
