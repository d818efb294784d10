package io.peerwatch.signatures;

import java.time.Duration;

/**
 * Detection thresholds of the built-in signatures: the heuristic limits that decide a verdict
 * (packet counts, sizes, entropy and randomness cut-offs), as opposed to protocol constants
 * (magic bytes, header offsets, field sizes of a specification), which stay constants of each
 * signature. Zeek's {@code const ... &redef} as a record, with jackson's
 * {@code StreamReadConstraints} discipline: public {@code DEFAULT_*} constants, {@link #defaults()},
 * {@link #builder()} and {@link #toBuilder()}; every setter rejects an invalid value at once.
 *
 * <p>{@link SignatureRegistry#builtin(SignatureConfig)} builds the built-in signatures with these
 * values; {@link SignatureRegistry#defaults()} is the same with {@link #defaults()}. Signatures
 * copy the values into final fields when they are built, so inspection stays allocation-free.
 *
 * <p>Left as constants on purpose: framing bounds that come from a protocol (longest eDonkey
 * message, TLS record size, G2 datagram size), the ping programs' fill patterns the ICMP signature
 * recognises (timestamp length, longest period) and Tor's generated name lengths: they describe
 * other programs, not a trade-off an operator tunes.
 *
 * @param peerWireMaxStrayBytes BitTorrent peer wire: bytes tolerated before the handshake's
 *     protocol string
 * @param utpMaxSeqAdvance uTP: largest seq_nr/ack_nr distance between two packets of one connection
 * @param utpMaxTimestampAdvance uTP: largest timestamp advance between two packets of one direction
 * @param utpMaxInconsistent uTP: valid-looking but inconsistent packets tolerated before giving up
 * @param mseRandomnessSigmas BitTorrent MSE: standard deviations below the expected count of
 *     distinct byte values that a sample may fall and still count as random
 * @param mseMinSample BitTorrent MSE: shortest answer (bytes) whose randomness is judged
 * @param gnutellaTlsMaxServerBytes Gnutella over TLS: server bytes searched for the certificate
 *     subject
 * @param filetopiaMinPayload Filetopia: shortest payload judged for randomness
 * @param filetopiaSample Filetopia: bytes sampled for the distinct-byte count
 * @param filetopiaMinDistinctRatio Filetopia: distinct byte values per sampled byte, at least
 * @param wireGuardOneWayTransport WireGuard: same-index transport packets that suffice when only
 *     one direction is captured
 * @param dnsLongLabel DNS tunnel: labels at least this long are checked for entropy
 * @param dnsMinLabelEntropy DNS tunnel: bits of entropy per byte of a long label that mark
 *     encoded data
 * @param dnsLongName DNS tunnel: query names at least this long are suspicious
 * @param dnsLongTxtName DNS tunnel: TXT queries with names at least this long are suspicious
 * @param dnsDataLabel DNS tunnel: labels this long are tunnel data, not part of the reported base
 *     domain
 * @param dnsSuspiciousQueries DNS tunnel: suspicious queries under one base domain that make a
 *     flow a tunnel
 * @param dnsStrongReasons DNS tunnel: strong reasons in a single query that make a flow a tunnel
 * @param dnsOrdinaryQueries DNS tunnel: queries without a reason, before any with one, that rule a
 *     flow out (a tunnel may open with ordinary-looking queries)
 * @param icmpMinPayload ICMP tunnel: echo payloads shorter than this never count as tunnel data
 * @param icmpIrregularEchoes ICMP tunnel: varied, unpatterned echo payloads that make a flow a
 *     tunnel
 * @param icmpRegularEchoes ICMP tunnel: patterned echoes that clear a flow when no unpatterned one
 *     was seen
 * @param obfuscatedMinPayload obfuscated proxy: shortest first payload judged
 * @param obfuscatedMinFollowUp obfuscated proxy: shortest server answer judged
 * @param obfuscatedSample obfuscated proxy: bytes of a payload examined for randomness
 * @param obfuscatedMinDistinctRatio obfuscated proxy: share of the distinct byte values of random
 *     data a payload must reach
 * @param tlsTunnelMinUploadBytes TLS tunnel: payload bytes a client must send over a flow (and more
 *     than the server sends) before a ClientHello without ALPN names the flow a tunnel; below it,
 *     or when the server sends more, the flow stays TLS
 */
public record SignatureConfig(
        int peerWireMaxStrayBytes,
        int utpMaxSeqAdvance,
        Duration utpMaxTimestampAdvance,
        int utpMaxInconsistent,
        double mseRandomnessSigmas,
        int mseMinSample,
        int gnutellaTlsMaxServerBytes,
        int filetopiaMinPayload,
        int filetopiaSample,
        double filetopiaMinDistinctRatio,
        int wireGuardOneWayTransport,
        int dnsLongLabel,
        double dnsMinLabelEntropy,
        int dnsLongName,
        int dnsLongTxtName,
        int dnsDataLabel,
        int dnsSuspiciousQueries,
        int dnsStrongReasons,
        int dnsOrdinaryQueries,
        int icmpMinPayload,
        int icmpIrregularEchoes,
        int icmpRegularEchoes,
        int obfuscatedMinPayload,
        int obfuscatedMinFollowUp,
        int obfuscatedSample,
        double obfuscatedMinDistinctRatio,
        long tlsTunnelMinUploadBytes) {

    /**
     * Stray bytes before the BitTorrent protocol string: Transmission 2.94 was seen in the wild
     * sending one byte ahead of an otherwise normal handshake.
     */
    public static final int DEFAULT_PEER_WIRE_MAX_STRAY_BYTES = 4;
    /** uTP packets inspected close together stay within 256 sequence numbers of each other. */
    public static final int DEFAULT_UTP_MAX_SEQ_ADVANCE = 256;
    /** Two packets of one uTP direction are at most two minutes apart by their own timestamps. */
    public static final Duration DEFAULT_UTP_MAX_TIMESTAMP_ADVANCE = Duration.ofMinutes(2);
    /** Four valid-looking but inconsistent uTP headers end the attempt (random UDP passes one check often). */
    public static final int DEFAULT_UTP_MAX_INCONSISTENT = 4;
    /** 4.5 standard deviations: about 1 in 10^5 random MSE keys rejected; text and headers fall far below. */
    public static final double DEFAULT_MSE_RANDOMNESS_SIGMAS = 4.5;
    /** MSE answers shorter than 32 bytes are too short to judge (a key is 96). */
    public static final int DEFAULT_MSE_MIN_SAMPLE = 32;
    /** ServerHello plus a self-signed certificate fit in 4 KiB. */
    public static final int DEFAULT_GNUTELLA_TLS_MAX_SERVER_BYTES = 4096;
    /** Shorter Filetopia packets carry too little to judge randomness. */
    public static final int DEFAULT_FILETOPIA_MIN_PAYLOAD = 16;
    /** Bytes sampled from the start of a Filetopia packet. */
    public static final int DEFAULT_FILETOPIA_SAMPLE = 64;
    /** Three distinct byte values in four sampled bytes: random data meets it, text and padding do not. */
    public static final double DEFAULT_FILETOPIA_MIN_DISTINCT_RATIO = 0.75;
    /** Four same-index WireGuard transport packets one way, when the other direction is not captured. */
    public static final int DEFAULT_WIREGUARD_ONE_WAY_TRANSPORT = 4;
    /** DNS labels of 40+ bytes are checked for entropy (encoders fill labels up to 63). */
    public static final int DEFAULT_DNS_LONG_LABEL = 40;
    /** 4 bits of entropy per byte in a long label mark encoded data (hex tops out at 4). */
    public static final double DEFAULT_DNS_MIN_LABEL_ENTROPY = 4.0;
    /** Query names of 100+ bytes (of 255 possible) are suspicious. */
    public static final int DEFAULT_DNS_LONG_NAME = 100;
    /** TXT queries with names of 64+ bytes are suspicious (SPF/DKIM names are shorter; dns2tcp). */
    public static final int DEFAULT_DNS_LONG_TXT_NAME = 64;
    /** Labels of 20+ bytes are tunnel data, left out of the reported base domain. */
    public static final int DEFAULT_DNS_DATA_LABEL = 20;
    /** Two suspicious queries under one base domain make a DNS flow a tunnel. */
    public static final int DEFAULT_DNS_SUSPICIOUS_QUERIES = 2;
    /** Two strong reasons (type, encoding, entropy) in one query make a DNS flow a tunnel. */
    public static final int DEFAULT_DNS_STRONG_REASONS = 2;
    /**
     * Eight ordinary queries before any suspicious one rule a flow out: a flow is not judged on
     * its first query (a tunnel's first queries can be short handshakes), and a resolver's long
     * flows of ordinary lookups are still let go early.
     */
    public static final int DEFAULT_DNS_ORDINARY_QUERIES = 8;
    /** ICMP echo payloads under 64 bytes are never counted as tunnel data (ping's default is 56). */
    public static final int DEFAULT_ICMP_MIN_PAYLOAD = 64;
    /** Three varied, unpatterned echo payloads make an ICMP flow a tunnel. */
    public static final int DEFAULT_ICMP_IRREGULAR_ECHOES = 3;
    /** Four patterned echoes with none irregular clear an ICMP flow. */
    public static final int DEFAULT_ICMP_REGULAR_ECHOES = 4;
    /** A Shadowsocks AEAD opening is at least 16+18+16 bytes. */
    public static final int DEFAULT_OBFUSCATED_MIN_PAYLOAD = 48;
    /** A Shadowsocks reply starts with a 16..32-byte salt. */
    public static final int DEFAULT_OBFUSCATED_MIN_FOLLOW_UP = 16;
    /** The first 512 bytes of a payload are examined for randomness. */
    public static final int DEFAULT_OBFUSCATED_SAMPLE = 512;
    /** 85 % of the distinct byte values random data of that length would hold. */
    public static final double DEFAULT_OBFUSCATED_MIN_DISTINCT_RATIO = 0.85;
    /**
     * 16 KiB: more than a TLS handshake (a few hundred bytes to 2 KB from the client) plus an HTTP
     * request's headers, far less than the lab's stunnel sessions (500 KiB pushed).
     */
    public static final long DEFAULT_TLS_TUNNEL_MIN_UPLOAD_BYTES = 16 * 1024;

    /** The obfuscated-proxy signature reads this many leading bytes as a text test before any length check. */
    public static final int OBFUSCATED_TEXT_PREFIX = 16;
    /** Largest uTP timestamp advance: the timestamp field is 32 bits of microseconds. */
    public static final Duration UTP_MAX_TIMESTAMP_RANGE = Duration.ofNanos(0xFFFFFFFFL * 1000);

    private static final SignatureConfig DEFAULTS = builder().build();

    public SignatureConfig {
        range("peerWireMaxStrayBytes", peerWireMaxStrayBytes, 0, 64);
        range("utpMaxSeqAdvance", utpMaxSeqAdvance, 1, 0x7FFF);
        if (utpMaxTimestampAdvance == null || utpMaxTimestampAdvance.isNegative() || utpMaxTimestampAdvance.isZero()
                || utpMaxTimestampAdvance.compareTo(UTP_MAX_TIMESTAMP_RANGE) > 0) {
            throw new IllegalArgumentException("utpMaxTimestampAdvance must be positive and at most "
                    + UTP_MAX_TIMESTAMP_RANGE + ": " + utpMaxTimestampAdvance);
        }
        range("utpMaxInconsistent", utpMaxInconsistent, 1, Integer.MAX_VALUE);
        if (!(mseRandomnessSigmas >= 0) || Double.isInfinite(mseRandomnessSigmas)) {
            throw new IllegalArgumentException("mseRandomnessSigmas must be a finite number >= 0: " + mseRandomnessSigmas);
        }
        range("mseMinSample", mseMinSample, 1, 96);
        range("gnutellaTlsMaxServerBytes", gnutellaTlsMaxServerBytes, 1, Integer.MAX_VALUE);
        range("filetopiaMinPayload", filetopiaMinPayload, 1, Integer.MAX_VALUE);
        range("filetopiaSample", filetopiaSample, 1, Integer.MAX_VALUE);
        share("filetopiaMinDistinctRatio", filetopiaMinDistinctRatio);
        range("wireGuardOneWayTransport", wireGuardOneWayTransport, 1, 255);
        range("dnsLongLabel", dnsLongLabel, 1, 63);
        if (!(dnsMinLabelEntropy >= 0 && dnsMinLabelEntropy <= 8)) {
            throw new IllegalArgumentException("dnsMinLabelEntropy must be within 0..8 bits per byte: " + dnsMinLabelEntropy);
        }
        range("dnsLongName", dnsLongName, 1, 255);
        range("dnsLongTxtName", dnsLongTxtName, 1, 255);
        range("dnsDataLabel", dnsDataLabel, 1, 63);
        range("dnsSuspiciousQueries", dnsSuspiciousQueries, 1, Integer.MAX_VALUE);
        range("dnsStrongReasons", dnsStrongReasons, 1, 3);
        range("dnsOrdinaryQueries", dnsOrdinaryQueries, 1, Integer.MAX_VALUE);
        range("icmpMinPayload", icmpMinPayload, 0, Integer.MAX_VALUE);
        range("icmpIrregularEchoes", icmpIrregularEchoes, 1, Integer.MAX_VALUE);
        range("icmpRegularEchoes", icmpRegularEchoes, 1, Integer.MAX_VALUE);
        range("obfuscatedMinPayload", obfuscatedMinPayload, OBFUSCATED_TEXT_PREFIX, Integer.MAX_VALUE);
        range("obfuscatedMinFollowUp", obfuscatedMinFollowUp, 1, Integer.MAX_VALUE);
        range("obfuscatedSample", obfuscatedSample, 1, Integer.MAX_VALUE);
        share("obfuscatedMinDistinctRatio", obfuscatedMinDistinctRatio);
        if (tlsTunnelMinUploadBytes < 1) {
            throw new IllegalArgumentException("tlsTunnelMinUploadBytes must be at least 1: " + tlsTunnelMinUploadBytes);
        }
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + v);
        }
    }

    private static void share(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within (0, 1]: " + v);
        }
    }

    /** The documented defaults. */
    public static SignatureConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.peerWireMaxStrayBytes = peerWireMaxStrayBytes;
        b.utpMaxSeqAdvance = utpMaxSeqAdvance;
        b.utpMaxTimestampAdvance = utpMaxTimestampAdvance;
        b.utpMaxInconsistent = utpMaxInconsistent;
        b.mseRandomnessSigmas = mseRandomnessSigmas;
        b.mseMinSample = mseMinSample;
        b.gnutellaTlsMaxServerBytes = gnutellaTlsMaxServerBytes;
        b.filetopiaMinPayload = filetopiaMinPayload;
        b.filetopiaSample = filetopiaSample;
        b.filetopiaMinDistinctRatio = filetopiaMinDistinctRatio;
        b.wireGuardOneWayTransport = wireGuardOneWayTransport;
        b.dnsLongLabel = dnsLongLabel;
        b.dnsMinLabelEntropy = dnsMinLabelEntropy;
        b.dnsLongName = dnsLongName;
        b.dnsLongTxtName = dnsLongTxtName;
        b.dnsDataLabel = dnsDataLabel;
        b.dnsSuspiciousQueries = dnsSuspiciousQueries;
        b.dnsStrongReasons = dnsStrongReasons;
        b.dnsOrdinaryQueries = dnsOrdinaryQueries;
        b.icmpMinPayload = icmpMinPayload;
        b.icmpIrregularEchoes = icmpIrregularEchoes;
        b.icmpRegularEchoes = icmpRegularEchoes;
        b.obfuscatedMinPayload = obfuscatedMinPayload;
        b.obfuscatedMinFollowUp = obfuscatedMinFollowUp;
        b.obfuscatedSample = obfuscatedSample;
        b.obfuscatedMinDistinctRatio = obfuscatedMinDistinctRatio;
        b.tlsTunnelMinUploadBytes = tlsTunnelMinUploadBytes;
        return b;
    }

    /**
     * Builder; each setter checks its value at once (the same rule as the record's constructor),
     * so the first invalid value is reported where it is set.
     */
    public static final class Builder {
        private int peerWireMaxStrayBytes = DEFAULT_PEER_WIRE_MAX_STRAY_BYTES;
        private int utpMaxSeqAdvance = DEFAULT_UTP_MAX_SEQ_ADVANCE;
        private Duration utpMaxTimestampAdvance = DEFAULT_UTP_MAX_TIMESTAMP_ADVANCE;
        private int utpMaxInconsistent = DEFAULT_UTP_MAX_INCONSISTENT;
        private double mseRandomnessSigmas = DEFAULT_MSE_RANDOMNESS_SIGMAS;
        private int mseMinSample = DEFAULT_MSE_MIN_SAMPLE;
        private int gnutellaTlsMaxServerBytes = DEFAULT_GNUTELLA_TLS_MAX_SERVER_BYTES;
        private int filetopiaMinPayload = DEFAULT_FILETOPIA_MIN_PAYLOAD;
        private int filetopiaSample = DEFAULT_FILETOPIA_SAMPLE;
        private double filetopiaMinDistinctRatio = DEFAULT_FILETOPIA_MIN_DISTINCT_RATIO;
        private int wireGuardOneWayTransport = DEFAULT_WIREGUARD_ONE_WAY_TRANSPORT;
        private int dnsLongLabel = DEFAULT_DNS_LONG_LABEL;
        private double dnsMinLabelEntropy = DEFAULT_DNS_MIN_LABEL_ENTROPY;
        private int dnsLongName = DEFAULT_DNS_LONG_NAME;
        private int dnsLongTxtName = DEFAULT_DNS_LONG_TXT_NAME;
        private int dnsDataLabel = DEFAULT_DNS_DATA_LABEL;
        private int dnsSuspiciousQueries = DEFAULT_DNS_SUSPICIOUS_QUERIES;
        private int dnsStrongReasons = DEFAULT_DNS_STRONG_REASONS;
        private int dnsOrdinaryQueries = DEFAULT_DNS_ORDINARY_QUERIES;
        private int icmpMinPayload = DEFAULT_ICMP_MIN_PAYLOAD;
        private int icmpIrregularEchoes = DEFAULT_ICMP_IRREGULAR_ECHOES;
        private int icmpRegularEchoes = DEFAULT_ICMP_REGULAR_ECHOES;
        private int obfuscatedMinPayload = DEFAULT_OBFUSCATED_MIN_PAYLOAD;
        private int obfuscatedMinFollowUp = DEFAULT_OBFUSCATED_MIN_FOLLOW_UP;
        private int obfuscatedSample = DEFAULT_OBFUSCATED_SAMPLE;
        private double obfuscatedMinDistinctRatio = DEFAULT_OBFUSCATED_MIN_DISTINCT_RATIO;
        private long tlsTunnelMinUploadBytes = DEFAULT_TLS_TUNNEL_MIN_UPLOAD_BYTES;

        private Builder() {
        }

        /** Checks the whole configuration with one value changed, so a setter fails where the value is set. */
        private Builder checked() {
            build();
            return this;
        }

        public Builder peerWireMaxStrayBytes(int v) {
            int old = peerWireMaxStrayBytes;
            peerWireMaxStrayBytes = v;
            return checkedOr(() -> peerWireMaxStrayBytes = old);
        }

        public Builder utpMaxSeqAdvance(int v) {
            int old = utpMaxSeqAdvance;
            utpMaxSeqAdvance = v;
            return checkedOr(() -> utpMaxSeqAdvance = old);
        }

        public Builder utpMaxTimestampAdvance(Duration v) {
            Duration old = utpMaxTimestampAdvance;
            utpMaxTimestampAdvance = v;
            return checkedOr(() -> utpMaxTimestampAdvance = old);
        }

        public Builder utpMaxInconsistent(int v) {
            int old = utpMaxInconsistent;
            utpMaxInconsistent = v;
            return checkedOr(() -> utpMaxInconsistent = old);
        }

        public Builder mseRandomnessSigmas(double v) {
            double old = mseRandomnessSigmas;
            mseRandomnessSigmas = v;
            return checkedOr(() -> mseRandomnessSigmas = old);
        }

        public Builder mseMinSample(int v) {
            int old = mseMinSample;
            mseMinSample = v;
            return checkedOr(() -> mseMinSample = old);
        }

        public Builder gnutellaTlsMaxServerBytes(int v) {
            int old = gnutellaTlsMaxServerBytes;
            gnutellaTlsMaxServerBytes = v;
            return checkedOr(() -> gnutellaTlsMaxServerBytes = old);
        }

        public Builder filetopiaMinPayload(int v) {
            int old = filetopiaMinPayload;
            filetopiaMinPayload = v;
            return checkedOr(() -> filetopiaMinPayload = old);
        }

        public Builder filetopiaSample(int v) {
            int old = filetopiaSample;
            filetopiaSample = v;
            return checkedOr(() -> filetopiaSample = old);
        }

        public Builder filetopiaMinDistinctRatio(double v) {
            double old = filetopiaMinDistinctRatio;
            filetopiaMinDistinctRatio = v;
            return checkedOr(() -> filetopiaMinDistinctRatio = old);
        }

        public Builder wireGuardOneWayTransport(int v) {
            int old = wireGuardOneWayTransport;
            wireGuardOneWayTransport = v;
            return checkedOr(() -> wireGuardOneWayTransport = old);
        }

        public Builder dnsLongLabel(int v) {
            int old = dnsLongLabel;
            dnsLongLabel = v;
            return checkedOr(() -> dnsLongLabel = old);
        }

        public Builder dnsMinLabelEntropy(double v) {
            double old = dnsMinLabelEntropy;
            dnsMinLabelEntropy = v;
            return checkedOr(() -> dnsMinLabelEntropy = old);
        }

        public Builder dnsLongName(int v) {
            int old = dnsLongName;
            dnsLongName = v;
            return checkedOr(() -> dnsLongName = old);
        }

        public Builder dnsLongTxtName(int v) {
            int old = dnsLongTxtName;
            dnsLongTxtName = v;
            return checkedOr(() -> dnsLongTxtName = old);
        }

        public Builder dnsDataLabel(int v) {
            int old = dnsDataLabel;
            dnsDataLabel = v;
            return checkedOr(() -> dnsDataLabel = old);
        }

        public Builder dnsSuspiciousQueries(int v) {
            int old = dnsSuspiciousQueries;
            dnsSuspiciousQueries = v;
            return checkedOr(() -> dnsSuspiciousQueries = old);
        }

        public Builder dnsStrongReasons(int v) {
            int old = dnsStrongReasons;
            dnsStrongReasons = v;
            return checkedOr(() -> dnsStrongReasons = old);
        }

        public Builder dnsOrdinaryQueries(int v) {
            int old = dnsOrdinaryQueries;
            dnsOrdinaryQueries = v;
            return checkedOr(() -> dnsOrdinaryQueries = old);
        }

        public Builder icmpMinPayload(int v) {
            int old = icmpMinPayload;
            icmpMinPayload = v;
            return checkedOr(() -> icmpMinPayload = old);
        }

        public Builder icmpIrregularEchoes(int v) {
            int old = icmpIrregularEchoes;
            icmpIrregularEchoes = v;
            return checkedOr(() -> icmpIrregularEchoes = old);
        }

        public Builder icmpRegularEchoes(int v) {
            int old = icmpRegularEchoes;
            icmpRegularEchoes = v;
            return checkedOr(() -> icmpRegularEchoes = old);
        }

        public Builder obfuscatedMinPayload(int v) {
            int old = obfuscatedMinPayload;
            obfuscatedMinPayload = v;
            return checkedOr(() -> obfuscatedMinPayload = old);
        }

        public Builder obfuscatedMinFollowUp(int v) {
            int old = obfuscatedMinFollowUp;
            obfuscatedMinFollowUp = v;
            return checkedOr(() -> obfuscatedMinFollowUp = old);
        }

        public Builder obfuscatedSample(int v) {
            int old = obfuscatedSample;
            obfuscatedSample = v;
            return checkedOr(() -> obfuscatedSample = old);
        }

        public Builder obfuscatedMinDistinctRatio(double v) {
            double old = obfuscatedMinDistinctRatio;
            obfuscatedMinDistinctRatio = v;
            return checkedOr(() -> obfuscatedMinDistinctRatio = old);
        }

        public Builder tlsTunnelMinUploadBytes(long v) {
            long old = tlsTunnelMinUploadBytes;
            tlsTunnelMinUploadBytes = v;
            return checkedOr(() -> tlsTunnelMinUploadBytes = old);
        }

        /** Validates; on an invalid value restores the previous one, so the builder stays valid. */
        private Builder checkedOr(Runnable undo) {
            try {
                return checked();
            } catch (IllegalArgumentException e) {
                undo.run();
                throw e;
            }
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public SignatureConfig build() {
            return new SignatureConfig(peerWireMaxStrayBytes, utpMaxSeqAdvance, utpMaxTimestampAdvance,
                    utpMaxInconsistent, mseRandomnessSigmas, mseMinSample, gnutellaTlsMaxServerBytes,
                    filetopiaMinPayload, filetopiaSample, filetopiaMinDistinctRatio, wireGuardOneWayTransport,
                    dnsLongLabel, dnsMinLabelEntropy, dnsLongName, dnsLongTxtName, dnsDataLabel,
                    dnsSuspiciousQueries, dnsStrongReasons, dnsOrdinaryQueries, icmpMinPayload, icmpIrregularEchoes, icmpRegularEchoes,
                    obfuscatedMinPayload, obfuscatedMinFollowUp, obfuscatedSample, obfuscatedMinDistinctRatio,
                    tlsTunnelMinUploadBytes);
        }
    }
}
