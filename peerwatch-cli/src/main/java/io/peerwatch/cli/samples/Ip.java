package io.peerwatch.cli.samples;

/** An IPv4 host of a sample capture: its address and a MAC derived from it. Immutable. */
final class Ip {
    private final byte[] bytes;
    private final String text;

    private Ip(byte[] bytes, String text) {
        this.bytes = bytes;
        this.text = text;
    }

    static Ip of(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return new Ip(b, dotted);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Locally administered unicast MAC {@code 02:00:a:b:c:d}. */
    byte[] mac() {
        return new byte[] {2, 0, bytes[0], bytes[1], bytes[2], bytes[3]};
    }

    /** A fixed first IPv4 identification for this sender, different between hosts. */
    int firstIpId() {
        return ((bytes[2] & 0xff) << 8 | (bytes[3] & 0xff)) * 7 & 0xffff;
    }

    @Override
    public String toString() {
        return text;
    }
}
