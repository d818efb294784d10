package io.peerwatch.core;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}.
 *
 * @param network the first address of the block (host bits are cleared by {@link #parse})
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(IpAddress network, int prefixLength) {

    /**
     * Checks the fields.
     *
     * @param network the first address of the block; not null
     * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
     */
    public Cidr {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        int max = network.length() * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
        }
    }

    /**
     * Parses {@code addr/len}; a bare address is a host block (/32 or /128).
     *
     * @param text {@code addr/len} or a bare address, IPv4 or IPv6
     * @return the block, with the host bits of the address cleared
     * @throws IllegalArgumentException naming the text when it is malformed
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        IpAddress addr = IpAddress.parse(slash < 0 ? t : t.substring(0, slash));
        int len;
        if (slash < 0) {
            len = addr.length() * 8;
        } else {
            try {
                len = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in CIDR '" + text + "'");
            }
        }
        if (len < 0 || len > addr.length() * 8) {
            throw new IllegalArgumentException("prefix length out of range in CIDR '" + text + "'");
        }
        byte[] b = addr.toBytes();
        for (int bit = len; bit < b.length * 8; bit++) {
            b[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return new Cidr(IpAddress.of(b), len);
    }

    /**
     * {@return true when {@code a} is of the same family and inside this block}
     *
     * @param a an address
     */
    public boolean contains(IpAddress a) {
        if (a.length() != network.length()) {
            return false;
        }
        int full = prefixLength >>> 3;
        for (int i = 0; i < full; i++) {
            if (a.byteAt(i) != network.byteAt(i)) {
                return false;
            }
        }
        int rest = prefixLength & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a.byteAt(full) & mask) == network.byteAt(full);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
