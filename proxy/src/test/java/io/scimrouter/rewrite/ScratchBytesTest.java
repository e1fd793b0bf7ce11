package io.scimrouter.rewrite;

import io.scimrouter.testing.FreshThread;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-thread arrays: sizes handed out, growth, what is kept for the next call and what is not. Each test runs on
 * a thread of its own, so the arrays start at their initial sizes whatever other tests did before on this thread.
 */
class ScratchBytesTest {

    @Test
    void initialArrays_haveTheirDocumentedSizes_andAreKept() throws Exception {
        int[] lengths = FreshThread.call(() -> {
            byte[] chunk = ScratchBytes.get(ScratchBytes.CHUNK, 1);
            byte[] replacement = ScratchBytes.get(ScratchBytes.REPLACEMENT, 256);
            byte[] value = ScratchBytes.get(ScratchBytes.VALUE, 0);
            char[] chars = ScratchBytes.chars(256);
            boolean sameAgain = ScratchBytes.get(ScratchBytes.CHUNK, 4096) == chunk
                    && ScratchBytes.get(ScratchBytes.REPLACEMENT, 1) == replacement
                    && ScratchBytes.get(ScratchBytes.VALUE, 256) == value
                    && ScratchBytes.chars(1) == chars;
            return new int[] {chunk.length, replacement.length, value.length, chars.length, sameAgain ? 1 : 0};
        });
        assertThat(lengths).containsExactly(4096, 256, 256, 256, 1);
    }

    @Test
    void oneMoreThanHeld_atLeastDoublesTheArray_andTheGrownOneIsKept() throws Exception {
        int[] lengths = FreshThread.call(() -> {
            byte[] replacement = ScratchBytes.get(ScratchBytes.REPLACEMENT, 257);
            byte[] againReplacement = ScratchBytes.get(ScratchBytes.REPLACEMENT, 300);
            byte[] bigValue = ScratchBytes.get(ScratchBytes.VALUE, 1000);
            char[] chars = ScratchBytes.chars(257);
            char[] bigChars = ScratchBytes.chars(1000);
            return new int[] {replacement.length, againReplacement == replacement ? 1 : 0, bigValue.length,
                chars.length, bigChars.length, ScratchBytes.chars(1000) == bigChars ? 1 : 0,
                // the purposes do not share arrays
                ScratchBytes.get(ScratchBytes.CHUNK, 1).length};
        });
        assertThat(lengths).containsExactly(512, 1, 1000, 512, 1024, 1, 4096);
    }

    @Test
    void arraysUpToTheKeptMaximum_areKept_largerOnesHandedOutOnce() throws Exception {
        int[] lengths = FreshThread.call(() -> {
            byte[] atMax = ScratchBytes.get(ScratchBytes.VALUE, 64 * 1024);
            boolean atMaxKept = ScratchBytes.get(ScratchBytes.VALUE, 1) == atMax;
            byte[] beyond = ScratchBytes.get(ScratchBytes.CHUNK, 64 * 1024 + 1);
            byte[] afterBeyond = ScratchBytes.get(ScratchBytes.CHUNK, 1);
            char[] charsAtMax = ScratchBytes.chars(32 * 1024);
            boolean charsAtMaxKept = ScratchBytes.chars(1) == charsAtMax;
            char[] charsBeyond = ScratchBytes.chars(32 * 1024 + 1);
            char[] afterCharsBeyond = ScratchBytes.chars(1);
            return new int[] {atMax.length, atMaxKept ? 1 : 0, beyond.length, afterBeyond.length,
                charsAtMax.length, charsAtMaxKept ? 1 : 0, charsBeyond.length, afterCharsBeyond.length};
        });
        // beyond the maximum: as long as asked or twice what was kept, whichever is more, and not kept
        assertThat(lengths).containsExactly(65536, 1, 65537, 4096, 32768, 1, 65536, 32768);
    }
}
