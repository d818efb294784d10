package io.peerwatch.testing;

import java.util.SplittableRandom;

/**
 * Inputs for the seeded fuzz loops: bounded by a number of tries, never by time, with a fixed
 * seed, so CI runs the same inputs every time and a failure names the try that reproduces it.
 * A longer run sets {@code -Dfuzz.tries=N} (and {@code -Dfuzz.seed=S} for other inputs).
 */
public final class Fuzz {

    /** Tries per target unless {@code fuzz.tries} says otherwise. */
    public static final int DEFAULT_TRIES = 1000;
    /** The seed unless {@code fuzz.seed} says otherwise. */
    public static final long DEFAULT_SEED = 20261206L;

    private static final byte[] SIGNIFICANT = " \t,\"\\[]/:%.-0123456789aZ?#&={}\n\r-".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private Fuzz() {
    }

    /** Tries per target. */
    public static int tries() {
        return Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
    }

    /** The random source of one target (its name mixed into the seed, so targets differ). */
    public static SplittableRandom random(String target) {
        return new SplittableRandom(Long.getLong("fuzz.seed", DEFAULT_SEED) ^ target.hashCode());
    }

    /** Up to {@code max} random bytes. */
    public static byte[] bytes(SplittableRandom r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Up to {@code max} bytes, mostly characters that parsers split on, the rest random. */
    public static byte[] textish(SplittableRandom r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(7) < 6 ? SIGNIFICANT[r.nextInt(SIGNIFICANT.length)] : (byte) r.nextInt(256);
        }
        return b;
    }

    /** {@code good} with {@code patch} spliced in at {@code at} (clamped), the rest of {@code good} after it. */
    public static byte[] splice(byte[] good, byte[] patch, int at) {
        int cut = Math.min(Math.max(0, at), good.length);
        byte[] out = new byte[good.length + patch.length];
        System.arraycopy(good, 0, out, 0, cut);
        System.arraycopy(patch, 0, out, cut, patch.length);
        System.arraycopy(good, cut, out, cut + patch.length, good.length - cut);
        return out;
    }

    /** {@code good} with up to 8 random bytes overwritten, then maybe cut short or extended. */
    public static byte[] mutate(SplittableRandom r, byte[] good) {
        byte[] out = good.clone();
        for (int k = r.nextInt(9); k > 0 && out.length > 0; k--) {
            out[r.nextInt(out.length)] = (byte) r.nextInt(256);
        }
        return switch (r.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(out, r.nextInt(out.length + 1));
            case 1 -> splice(out, bytes(r, 16), out.length);
            default -> out;
        };
    }
}
