package io.peerwatch.schemas;

import java.util.Arrays;
import java.util.Random;

/** The mutations the fast decoders' fuzz tests apply to a good single-object value. */
final class ValueMutations {
    /** Magic bytes and schema fingerprint of Avro's single-object encoding. */
    static final int HEADER = 10;

    /** One to four random bytes in the body. */
    static final int RANDOM_BYTES = 0;
    /** One bit flipped in the body: counts, continuation bits, lengths, indexes. */
    static final int FLIPPED_BIT = 1;
    /** A random body of up to {@code maxBody} bytes behind the value's valid header. */
    static final int RANDOM_BODY = 2;
    /** A random header byte (magic or fingerprint). */
    static final int HEADER_BYTE = 3;

    private ValueMutations() {
    }

    /** A mutated copy of {@code value} (the original is unchanged). */
    static byte[] mutate(byte[] value, int kind, int maxBody, Random rnd) {
        byte[] b = value.clone();
        switch (kind) {
            case RANDOM_BYTES -> {
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    b[HEADER + rnd.nextInt(b.length - HEADER)] = (byte) rnd.nextInt(256);
                }
            }
            case FLIPPED_BIT -> {
                int pos = HEADER + rnd.nextInt(b.length - HEADER);
                b[pos] = (byte) (b[pos] ^ (1 << rnd.nextInt(8)));
            }
            case RANDOM_BODY -> {
                byte[] body = new byte[rnd.nextInt(maxBody)];
                rnd.nextBytes(body);
                b = Arrays.copyOf(b, HEADER + body.length);
                System.arraycopy(body, 0, b, HEADER, body.length);
            }
            case HEADER_BYTE -> b[rnd.nextInt(HEADER)] = (byte) rnd.nextInt(256);
            default -> throw new IllegalArgumentException("no mutation " + kind);
        }
        return b;
    }
}
