package io.peerwatch.policy;

import io.peerwatch.core.Cidr;
import io.peerwatch.core.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allow-list: hosts, networks and domains that exported policy never touches. One entry
 * per line: an address ({@code 10.9.0.5}, {@code 2001:db8::5}), a network
 * ({@code 10.9.0.0/16}) or a domain ({@code partner.example}, also written {@code *.partner.example}
 * or {@code .partner.example}: the domain and its subdomains). {@code #} starts a comment.
 *
 * <p>Honoured as follows: blocked names, URLs, destinations and alert hosts inside an entry are
 * left out (and reported); firewall formats let traffic from and to exempt networks pass before
 * any other PeerWatch rule; the proxy's deny rules do not apply to exempt clients, destinations
 * and domains; DNS formats let an exempt domain under a blocked one resolve.
 *
 * <p>The file is the operator's own: a line that is none of these fails the load, naming file
 * and line (a silently ignored exemption could block a partner).
 */
public final class Exemptions {

    /**
     * An exempt host or network.
     *
     * @param network the block ({@code /32} or {@code /128} for a host)
     * @param reason the allow-list line
     */
    public record Network(Cidr network, Reason reason) {
    }

    /**
     * An exempt domain and its subdomains.
     *
     * @param domain the domain
     * @param reason the allow-list line
     */
    public record Domain(DnsName domain, Reason reason) {
    }

    private static final Exemptions NONE = new Exemptions(List.of(), List.of());

    private final List<Network> networks;
    private final List<Domain> domains;
    /** Domain to its first entry: a lookup walks a name's parents, not the whole list. */
    private final Map<DnsName, Domain> byDomain = new HashMap<>();

    private Exemptions(List<Network> networks, List<Domain> domains) {
        this.networks = List.copyOf(networks);
        this.domains = List.copyOf(domains);
        for (Domain d : this.domains) {
            byDomain.putIfAbsent(d.domain(), d);
        }
    }

    /** An empty allow-list. */
    public static Exemptions none() {
        return NONE;
    }

    /**
     * Reads an allow-list file.
     *
     * @throws IllegalArgumentException naming file and line of a bad entry (also of a line that
     *     is not UTF-8)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Exemptions load(Path file) {
        Entries e = new Entries(file.toString());
        try {
            Utf8Lines.read(file, l -> {
                if (!l.isText()) {
                    throw new IllegalArgumentException(file + ":" + l.number() + ": " + l.problem());
                }
                e.line(l.number(), l.text());
            });
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read allow-list " + file + ": " + ex.getMessage(), ex);
        }
        return e.build();
    }

    /**
     * Parses an allow-list.
     *
     * @param source the name used in reasons and errors
     * @throws IllegalArgumentException naming source and line of a bad entry
     */
    public static Exemptions parse(Reader reader, String source) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Entries e = new Entries(source);
        String line;
        long n = 0;
        while ((line = br.readLine()) != null) {
            e.line(++n, line);
        }
        return e.build();
    }

    /** The entries of one allow-list, line by line. */
    private static final class Entries {
        private final String source;
        private final List<Network> nets = new ArrayList<>();
        private final List<Domain> doms = new ArrayList<>();

        Entries(String source) {
            this.source = source;
        }

        void line(long n, String line) {
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                return;
            }
            Reason reason = Reason.listLine(Reason.Kind.EXEMPT, source, n);
            if (text.indexOf(':') >= 0 || text.matches("[0-9./]+")) {
                try {
                    nets.add(new Network(Cidr.parse(text), reason));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + n + ": not an address or network: "
                            + PolicyReport.printable(text));
                }
                return;
            }
            String name = text.startsWith("*.") ? text.substring(2) : text.startsWith(".") ? text.substring(1) : text;
            try {
                doms.add(new Domain(DnsName.parse(name), reason));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + n + ": not an address, network or domain ("
                        + e.getMessage() + "): " + PolicyReport.printable(text));
            }
        }

        Exemptions build() {
            return new Exemptions(nets, doms);
        }
    }

    /** The exempt hosts and networks, in file order. */
    public List<Network> networks() {
        return networks;
    }

    /** The exempt domains, in file order. */
    public List<Domain> domains() {
        return domains;
    }

    /** True when there is no entry. */
    public boolean isEmpty() {
        return networks.isEmpty() && domains.isEmpty();
    }

    /** The first entry covering an address. */
    public Optional<Network> covering(IpAddress a) {
        return networks.stream().filter(x -> x.network().contains(a)).findFirst();
    }

    /** The first entry covering a name (the name is the domain or under it). */
    public Optional<Domain> covering(DnsName name) {
        Domain best = null;
        for (DnsName n = name; n != null; n = n.parentOrNull()) {
            Domain d = byDomain.get(n);
            if (d != null) {
                best = d; // keep walking: the most general exempt domain names the entry
            }
        }
        return Optional.ofNullable(best);
    }
}
