package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding of payload ranges for {@code describe} (allocates; never used in inspect). */
final class Utf8 {

    private Utf8() {
    }

    /** Decodes {@code [from, to)} clamped to the payload; malformed bytes become U+FFFD. */
    static String of(ByteBuffer b, int from, int to) {
        int start = Math.max(0, from);
        int end = Math.min(to, b.limit());
        if (end <= start) {
            return "";
        }
        byte[] out = new byte[end - start];
        for (int i = start; i < end; i++) {
            out[i - start] = b.get(i);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
