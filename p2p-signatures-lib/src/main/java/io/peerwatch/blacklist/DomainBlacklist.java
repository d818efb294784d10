package io.peerwatch.blacklist;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of blacklisted domains with suffix matching: a listed {@code example.com}
 * covers {@code example.com} and {@code a.b.example.com}, not {@code notexample.com}. Matching
 * is case-insensitive and tolerates a trailing dot; IDN names are compared as written
 * (punycode {@code xn--} labels as-is). Optional URL entries ({@code host/path}) match the
 * host (and its subdomains) and a path prefix at a segment boundary.
 *
 * <p><b>Layout</b>: every domain is stored with its labels reversed ({@code a.example.com}
 * becomes {@code com.example.a}) as UTF-8 in one byte array, in sorted order, with an
 * {@code int} offset per entry and, when there are several lists, a {@code short} list index:
 * about (name length + 6) bytes per entry, no object per entry. A lookup binary-searches each
 * label-boundary prefix of the reversed host (a handful of searches of ~20 steps for a million
 * entries). Thread-safe (immutable); share one instance, swap it with {@link BlacklistHolder}.
 */
public final class DomainBlacklist {

    private static final DomainBlacklist EMPTY = new Builder().build();

    private final byte[] blob;
    /** n + 1 offsets into {@code blob}; entry i is {@code blob[offsets[i] .. offsets[i+1])}. */
    private final int[] offsets;
    /** List index per entry, or null when all entries come from list 0. */
    private final short[] sourceIndex;
    private final List<String> sources;
    /** URL entries: host to path prefixes (small lists, plain collections). */
    private final Map<String, List<UrlEntry>> urls;
    private final int urlCount;

    private record UrlEntry(String path, short source) {
    }

    private DomainBlacklist(byte[] blob, int[] offsets, short[] sourceIndex, List<String> sources,
            Map<String, List<UrlEntry>> urls, int urlCount) {
        this.blob = blob;
        this.offsets = offsets;
        this.sourceIndex = sourceIndex;
        this.sources = List.copyOf(sources);
        this.urls = urls;
        this.urlCount = urlCount;
    }

    /** A list that matches nothing. */
    public static DomainBlacklist empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of distinct domain entries. */
    public int size() {
        return offsets.length - 1;
    }

    /** Number of URL entries. */
    public int urlEntries() {
        return urlCount;
    }

    /** The list names (file names) entries came from, in load order. */
    public List<String> sources() {
        return sources;
    }

    /**
     * Bytes held by the domain arrays (names, offsets, list indexes, plus array headers); the
     * small URL map is not counted.
     */
    public long memoryBytes() {
        final int arrayHeader = 16;
        return arrayHeader + blob.length + arrayHeader + 4L * offsets.length
                + (sourceIndex == null ? 0 : arrayHeader + 2L * sourceIndex.length);
    }

    /** True when the host or one of its parent domains is listed. */
    public boolean contains(String host) {
        return match(host).isPresent();
    }

    /**
     * The most general listed domain covering {@code host}.
     *
     * @param host a host name (any case, trailing dot allowed) or an IP literal (matched exactly)
     */
    public Optional<BlacklistMatch> match(String host) {
        String h = Names.normalizeHost(host);
        if (h == null || size() == 0) {
            return Optional.empty();
        }
        byte[] key = Names.reversed(h).getBytes(StandardCharsets.UTF_8);
        boolean literal = Names.isIpLiteral(h);
        for (int len = 1; len <= key.length; len++) {
            if (len < key.length && (literal || key[len] != '.')) {
                continue;
            }
            int i = find(key, len);
            if (i >= 0) {
                String entry = Names.reversed(new String(blob, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8));
                return Optional.of(new BlacklistMatch(h, entry, sources.get(sourceIndex == null ? 0 : sourceIndex[i])));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #match(String)}, then URL entries for {@code host} + {@code path}. */
    public Optional<BlacklistMatch> match(String host, String path) {
        Optional<BlacklistMatch> m = match(host);
        if (m.isPresent() || urls.isEmpty()) {
            return m;
        }
        String h = Names.normalizeHost(host);
        if (h == null) {
            return Optional.empty();
        }
        String p = path == null || path.isEmpty() ? "/" : path.toLowerCase(Locale.ROOT);
        String suffix = h;
        while (true) {
            List<UrlEntry> list = urls.get(suffix);
            if (list != null) {
                for (UrlEntry u : list) {
                    if (p.startsWith(u.path()) && (p.length() == u.path().length() || u.path().endsWith("/")
                            || p.charAt(u.path().length()) == '/')) {
                        return Optional.of(new BlacklistMatch(h, suffix + u.path(), sources.get(u.source())));
                    }
                }
            }
            int dot = suffix.indexOf('.');
            if (dot < 0 || Names.isIpLiteral(h)) {
                return Optional.empty();
            }
            suffix = suffix.substring(dot + 1);
        }
    }

    private int find(byte[] key, int len) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(blob, offsets[mid], offsets[mid + 1], key, 0, len);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "DomainBlacklist[" + size() + " domains, " + urlCount + " URLs, " + sources + "]";
    }

    /**
     * Collects entries, then sorts and packs them. Entries are appended to one growing byte
     * array (no object per entry), so building a million entries needs little more than the
     * final size twice. Not thread-safe.
     */
    public static final class Builder {
        private static final int INITIAL = 1 << 12;
        private byte[] blob = new byte[INITIAL];
        private int used;
        private int[] starts = new int[INITIAL];
        private short[] src = new short[INITIAL];
        private int count;
        private final List<String> sources = new ArrayList<>();
        private final Map<String, List<UrlEntry>> urls = new HashMap<>();
        private int urlCount;

        private Builder() {
        }

        /**
         * Registers a list name; entries added after it belong to it.
         *
         * @return its index
         */
        public int source(String name) {
            if (sources.size() >= Short.MAX_VALUE) {
                throw new IllegalStateException("too many blacklist files: " + sources.size());
            }
            sources.add(name);
            return sources.size() - 1;
        }

        /**
         * Adds a domain (already validated by {@link Names#normalizeEntry}) for the latest source.
         */
        void addNormalized(String domain) {
            if (sources.isEmpty()) {
                source("-");
            }
            byte[] b = Names.reversed(domain).getBytes(StandardCharsets.UTF_8);
            if (used + b.length > blob.length) {
                blob = Arrays.copyOf(blob, Math.max(blob.length * 2, used + b.length));
            }
            System.arraycopy(b, 0, blob, used, b.length);
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                src = Arrays.copyOf(src, count * 2);
            }
            starts[count] = used;
            src[count] = (short) (sources.size() - 1);
            count++;
            used += b.length;
        }

        /**
         * Adds one domain for the latest source.
         *
         * @throws IllegalArgumentException when it is not a valid domain name
         */
        public Builder add(String domain) {
            String n = Names.normalizeEntry(domain);
            if (n == null) {
                throw new IllegalArgumentException("invalid domain name '" + domain + "'");
            }
            addNormalized(n);
            return this;
        }

        /** Adds a URL entry (host and path prefix, both already normalized). */
        void addUrl(String host, String pathPrefix) {
            if (sources.isEmpty()) {
                source("-");
            }
            urls.computeIfAbsent(host, k -> new ArrayList<>()).add(new UrlEntry(pathPrefix, (short) (sources.size() - 1)));
            urlCount++;
        }

        /** Entries added so far (duplicates included). */
        public int count() {
            return count;
        }

        /** Sorts, removes duplicates (the first list wins) and packs. */
        public DomainBlacklist build() {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            int[] ends = new int[count];
            for (int i = 0; i < count; i++) {
                ends[i] = i + 1 < count ? starts[i + 1] : used;
            }
            sort(order, ends);
            byte[] packed = new byte[used];
            int[] offs = new int[count + 1];
            short[] srcs = new short[count];
            int n = 0;
            int pos = 0;
            boolean multi = false;
            int prev = -1;
            for (int k = 0; k < count; k++) {
                int i = order[k];
                if (prev >= 0 && compare(prev, i, ends) == 0) {
                    continue;
                }
                int len = ends[i] - starts[i];
                System.arraycopy(blob, starts[i], packed, pos, len);
                offs[n] = pos;
                srcs[n] = src[i];
                multi |= src[i] != 0;
                pos += len;
                n++;
                prev = i;
            }
            offs[n] = pos;
            Map<String, List<UrlEntry>> urlCopy = new HashMap<>();
            urls.forEach((k, v) -> urlCopy.put(k, List.copyOf(v)));
            return new DomainBlacklist(Arrays.copyOf(packed, pos), Arrays.copyOf(offs, n + 1),
                    multi ? Arrays.copyOf(srcs, n) : null, sources.isEmpty() ? List.of("-") : sources,
                    Map.copyOf(urlCopy), urlCount);
        }

        private int compare(int a, int b, int[] ends) {
            return Arrays.compareUnsigned(blob, starts[a], ends[a], blob, starts[b], ends[b]);
        }

        /** Stable merge sort of entry indexes by their bytes (stable: the first list wins on duplicates). */
        private void sort(int[] a, int[] ends) {
            int[] tmp = new int[a.length];
            for (int width = 1; width < a.length; width *= 2) {
                for (int lo = 0; lo < a.length - width; lo += 2 * width) {
                    int mid = lo + width;
                    int hi = Math.min(lo + 2 * width, a.length);
                    int i = lo;
                    int j = mid;
                    int k = lo;
                    while (i < mid && j < hi) {
                        tmp[k++] = compare(a[i], a[j], ends) <= 0 ? a[i++] : a[j++];
                    }
                    while (i < mid) {
                        tmp[k++] = a[i++];
                    }
                    while (j < hi) {
                        tmp[k++] = a[j++];
                    }
                    System.arraycopy(tmp, lo, a, lo, hi - lo);
                }
            }
        }
    }
}
