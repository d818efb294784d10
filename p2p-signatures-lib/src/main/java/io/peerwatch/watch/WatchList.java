package io.peerwatch.watch;

import io.peerwatch.signatures.MetadataKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Watch-words and decoy file names (the paper's confidentiality signal: people search P2P
 * networks for "resume", "cv", "policy", "confidential", and a planted decoy such as
 * {@code clock.avi} showing up in searches or transfers means files are leaking).
 *
 * <p><b>Tokenization</b> (the same for terms and for scanned text): URLs are percent-decoded
 * (UTF-8; {@code +} is a space in query strings); the text is Unicode-normalised (NFKD) with
 * accents removed, so {@code Résumé} reads {@code resume}; it is split into tokens at every
 * character that is not a letter or digit, at letter/digit changes ({@code cv2024} is
 * {@code cv 2024}) and at lower-to-upper case changes ({@code MyResume} is {@code my resume});
 * tokens are lower-cased. A term matches when its tokens appear consecutively, so matching is
 * by whole words: {@code cv} matches {@code my_cv.pdf} and {@code CV-2024} but not {@code cvs}
 * or {@code cvv}; the decoy {@code clock.avi} matches {@code clock.avi}, {@code Clock AVI} and
 * {@code clock_avi}, not {@code alarmclock.avi}. Only the path and query of a URL are scanned,
 * not the host. Immutable and thread-safe.
 *
 * <p><b>File format</b> ({@link #load}): one term per line, {@code #} comments; a line
 * {@code decoy NAME} adds a decoy file name.
 */
public final class WatchList {

    /** The paper's watch-words. */
    public static final List<String> DEFAULT_WORDS = List.of("resume", "cv", "policy", "confidential");
    /** The paper's example decoy file. */
    public static final List<String> DEFAULT_DECOYS = List.of("clock.avi");
    /** Longest excerpt kept in a hit. */
    public static final int MAX_EXCERPT = 120;

    private static final WatchList DEFAULTS = of(DEFAULT_WORDS, DEFAULT_DECOYS);

    private record Term(String text, List<String> tokens, boolean decoy) {
    }

    private final List<Term> terms;

    private WatchList(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /** The paper's words and decoy. */
    public static WatchList defaults() {
        return DEFAULTS;
    }

    /**
     * A list of these words and decoy names.
     *
     * @throws IllegalArgumentException for a term without any letter or digit
     */
    public static WatchList of(List<String> words, List<String> decoys) {
        List<Term> t = new ArrayList<>();
        for (String w : words) {
            t.add(term(w, false));
        }
        for (String d : decoys) {
            t.add(term(d, true));
        }
        return new WatchList(t);
    }

    private static Term term(String text, boolean decoy) {
        List<String> tokens = tokens(text);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("watch term has no letters or digits: '" + text + "'");
        }
        return new Term(text.strip().toLowerCase(Locale.ROOT), tokens, decoy);
    }

    /**
     * Reads a watch file.
     *
     * @throws IllegalArgumentException naming file and line for a term without letters or digits
     */
    public static WatchList load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read watch list " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the watch file format. */
    public static WatchList parse(Reader reader, String sourceName) throws IOException {
        BufferedReader br = new BufferedReader(reader);
        List<String> words = new ArrayList<>();
        List<String> decoys = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = br.readLine()) != null) {
            n++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String term = text.startsWith("decoy ") ? text.substring("decoy ".length()).strip() : text;
            if (tokens(term).isEmpty()) {
                throw new IllegalArgumentException(sourceName + ":" + n + ": watch term has no letters or digits: '" + term + "'");
            }
            (text.startsWith("decoy ") ? decoys : words).add(term);
        }
        return of(words, decoys);
    }

    /** This list plus {@code other}'s terms. */
    public WatchList extendedWith(WatchList other) {
        List<Term> all = new ArrayList<>(terms);
        all.addAll(other.terms);
        return new WatchList(all);
    }

    /** Configured watch-words. */
    public List<String> words() {
        return terms.stream().filter(t -> !t.decoy()).map(Term::text).toList();
    }

    /** Configured decoy names. */
    public List<String> decoys() {
        return terms.stream().filter(Term::decoy).map(Term::text).toList();
    }

    /** Scans the path and the query of a URL (absolute, path-only, or CONNECT authority). */
    public List<WatchHit> scanUrl(String url) {
        List<WatchHit> out = new ArrayList<>();
        String rest = url;
        int scheme = rest.indexOf("://");
        if (scheme > 0) {
            int slash = rest.indexOf('/', scheme + 3);
            int q = rest.indexOf('?', scheme + 3);
            int start = slash < 0 ? q : q < 0 ? slash : Math.min(slash, q);
            rest = start < 0 ? "" : rest.substring(start);
        } else if (!rest.startsWith("/")) {
            return out;
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        out.addAll(scanText(percentDecode(path, false), WatchHit.Where.URL_PATH));
        if (q >= 0) {
            out.addAll(scanText(percentDecode(rest.substring(q + 1), true), WatchHit.Where.URL_QUERY));
        }
        return out;
    }

    /**
     * Scans a value the signature library extracted: {@link MetadataKey#SEARCH} and
     * {@link MetadataKey#FILE_NAME} as P2P text, {@link MetadataKey#HTTP_URI} as a URL, any other
     * key as plain text.
     */
    public List<WatchHit> scan(MetadataKey key, String value) {
        return switch (key) {
            case SEARCH -> scanText(value, WatchHit.Where.P2P_SEARCH);
            case FILE_NAME -> scanText(value, WatchHit.Where.P2P_FILE_NAME);
            case HTTP_URI -> scanUrl(value);
            default -> scanText(value, WatchHit.Where.TEXT);
        };
    }

    /** Scans already-decoded text; at most one hit per term. */
    public List<WatchHit> scanText(String text, WatchHit.Where where) {
        List<String> tokens = tokens(text);
        List<WatchHit> out = new ArrayList<>();
        for (Term t : terms) {
            if (contains(tokens, t.tokens())) {
                out.add(new WatchHit(t.text(), t.decoy(), where, clip(text)));
            }
        }
        return out;
    }

    private static boolean contains(List<String> tokens, List<String> seq) {
        outer:
        for (int i = 0; i + seq.size() <= tokens.size(); i++) {
            for (int j = 0; j < seq.size(); j++) {
                if (!tokens.get(i + j).equals(seq.get(j))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The tokens of a text, as described in the class comment. */
    public static List<String> tokens(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int prev = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetterOrDigit(cp)) {
                flush(cur, out);
                prev = 0;
                continue;
            }
            boolean boundary = prev != 0 && (Character.isDigit(cp) != Character.isDigit(prev)
                    || Character.isLowerCase(prev) && Character.isUpperCase(cp));
            if (boundary) {
                flush(cur, out);
            }
            cur.appendCodePoint(cp);
            prev = cp;
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString().toLowerCase(Locale.ROOT));
            cur.setLength(0);
        }
    }

    private static String clip(String s) {
        return s.length() > MAX_EXCERPT ? s.substring(0, MAX_EXCERPT) + "..." : s;
    }

    /** Percent-decodes UTF-8; malformed escapes stay literal; {@code +} is a space when asked. */
    static String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length];
        int o = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%' && i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                out[o++] = (byte) (Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                out[o++] = plusIsSpace && b == '+' ? (byte) ' ' : b;
            }
        }
        return new String(out, 0, o, StandardCharsets.UTF_8);
    }

    /** Distinct terms of a list of hits, in order. */
    static Set<String> termsOf(List<WatchHit> hits) {
        Set<String> s = new LinkedHashSet<>();
        hits.forEach(h -> s.add(h.term()));
        return s;
    }
}
