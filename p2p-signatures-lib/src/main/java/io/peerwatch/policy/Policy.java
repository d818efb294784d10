package io.peerwatch.policy;

import io.peerwatch.blacklist.BlacklistLoadReport;
import io.peerwatch.blacklist.BlacklistParser;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Alert;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to block, and why: the port table's ranges (merged per transport), the blacklists'
 * names, addresses and URLs, and recent alerts' destinations and hosts, with the allow-list
 * applied. Every rule names its reasons; everything left out is in {@link #report()}. Rules are
 * sorted (ports by transport and port, names by name, addresses by family and value), so the
 * same inputs give the same policy. Immutable.
 *
 * <pre>{@code
 * Policy p = Policy.builder()
 *         .portTable(lib.portTable())
 *         .blacklist(Path.of("hosts.txt"))
 *         .alerts(alerts, AlertSelection.since(now - Duration.ofHours(24).toMillis()))
 *         .internalNetworks(lib.internalNetworks())
 *         .exemptions(Exemptions.load(Path.of("exempt.txt")))
 *         .build();
 * }</pre>
 */
public final class Policy {

    private final List<PortRule> ports;
    private final List<NameRule> names;
    private final List<NameRule> blockedDomains;
    private final List<Exemptions.Domain> passDomains;
    private final List<UrlRule> urls;
    private final List<AddressRule> destinations;
    private final List<AddressRule> hosts;
    private final Exemptions exemptions;
    private final PolicyReport report;

    private Policy(Builder b, List<PortRule> ports, PolicyReport report) {
        this.ports = List.copyOf(ports);
        this.names = b.names.entrySet().stream().map(e -> new NameRule(e.getKey(), e.getValue())).toList();
        this.urls = b.urls.values().stream().toList();
        this.destinations = b.destinations.entrySet().stream().map(e -> new AddressRule(e.getKey(), e.getValue())).toList();
        this.hosts = b.hosts.entrySet().stream().map(e -> new AddressRule(e.getKey(), e.getValue())).toList();
        this.exemptions = b.exemptions;
        this.report = report;
        Set<DnsName> all = b.names.keySet();
        this.blockedDomains = names.stream().filter(r -> !hasListedParent(r.name(), all)).toList();
        // a listed parent is itself blocked or under a blocked one: either way it covers the exempt domain
        this.passDomains = exemptions.domains().stream().filter(d -> hasListedParent(d.domain(), all))
                .sorted(Comparator.comparing(Exemptions.Domain::domain)).toList();
    }

    private static boolean hasListedParent(DnsName n, Set<DnsName> listed) {
        for (DnsName p = n.parentOrNull(); p != null; p = p.parentOrNull()) {
            if (listed.contains(p)) {
                return true;
            }
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Port ranges to block in both directions, by transport then port. */
    public List<PortRule> ports() {
        return ports;
    }

    /** Every blocked name, sorted: what a hosts file lists (it matches exact names only). */
    public List<NameRule> names() {
        return names;
    }

    /**
     * The names not under another blocked name: what formats that block a name with its
     * subdomains list (squid {@code dstdomain}, unbound {@code local-zone}, RPZ).
     */
    public List<NameRule> blockedDomains() {
        return blockedDomains;
    }

    /** Exempt domains under a blocked domain: DNS formats let them resolve explicitly. */
    public List<Exemptions.Domain> passDomains() {
        return passDomains;
    }

    /** URL prefixes to block (proxy only), by host and path. */
    public List<UrlRule> urls() {
        return urls;
    }

    /** Destination addresses (from blacklists and alerts): traffic to and from them is blocked. */
    public List<AddressRule> destinations() {
        return destinations;
    }

    /** Alert hosts: their traffic is blocked (quarantine). */
    public List<AddressRule> hosts() {
        return hosts;
    }

    /** The allow-list this policy honours. */
    public Exemptions exemptions() {
        return exemptions;
    }

    /** What was left out, and why. */
    public PolicyReport report() {
        return report;
    }

    /**
     * Collects inputs; {@link #build()} applies the allow-list and sorts. Not thread-safe.
     */
    public static final class Builder {
        private static final int NONE = -1;

        private final List<PortEntry> portEntries = new ArrayList<>();
        private final Map<String, List<Reason>> listDomains = new HashMap<>();
        private final List<PendingUrl> listUrls = new ArrayList<>();
        private final BlacklistParser parser = new BlacklistParser(new BlacklistParser.EntryListener() {
            @Override
            public void domain(String domain, String source, long line) {
                Reason r = Reason.listLine(Reason.Kind.BLACKLIST, source, line);
                listDomains.merge(domain, List.of(r), Builder::concat);
            }

            @Override
            public void url(String host, String pathPrefix, String source, long line) {
                listUrls.add(new PendingUrl(host, pathPrefix, Reason.listLine(Reason.Kind.BLACKLIST, source, line)));
            }
        });
        private boolean anyList;
        private final List<Candidate> alertTargets = new ArrayList<>();
        private final List<Candidate> alertHosts = new ArrayList<>();
        private long alertsRead;
        private long alertsUsed;
        private long alertsOlder;
        private long alertsBelow;
        private InternalNetworks internal = InternalNetworks.defaults();
        private Exemptions exemptions = Exemptions.none();
        private final ItemLog exempted = new ItemLog();
        private final ItemLog skipped = new ItemLog();

        private final TreeMap<DnsName, List<Reason>> names = new TreeMap<>();
        private final TreeMap<String, UrlRule> urls = new TreeMap<>();
        private final TreeMap<IpAddress, List<Reason>> destinations = new TreeMap<>();
        private final TreeMap<IpAddress, List<Reason>> hosts = new TreeMap<>();

        private record PendingUrl(String host, String path, Reason reason) {
        }

        private record Candidate(String text, Reason reason) {
        }

        private Builder() {
        }

        /** Adds the entries of a port table (call it once with the table in effect). */
        public Builder portTable(PortTable table) {
            portEntries.addAll(table.entries());
            return this;
        }

        /**
         * Adds a blacklist file (hosts-file or DansGuardian format; see
         * {@link BlacklistParser}). Bytes that are not UTF-8 become U+FFFD, so such a line is
         * left out and reported with its list and line like any other bad entry, and the rest of
         * the list still counts (lists from the web are not always UTF-8).
         *
         * @throws UncheckedIOException when it cannot be read
         */
        public Builder blacklist(Path file) {
            try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                return blacklist(r, file.toString());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UncheckedIOException("cannot read blacklist " + file + ": no such file", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blacklist " + file + ": " + e.getMessage(), e);
            }
        }

        /** Adds a blacklist from a reader; {@code name} names it in reasons. */
        public Builder blacklist(Reader reader, String name) throws IOException {
            parser.add(reader, name);
            anyList = true;
            return this;
        }

        /** Internal networks: an alert destination inside them is never blocked. */
        public Builder internalNetworks(InternalNetworks networks) {
            internal = networks;
            return this;
        }

        /** The allow-list. */
        public Builder exemptions(Exemptions e) {
            exemptions = e;
            return this;
        }

        /** Adds the hosts and destinations of the selected alerts (see {@link AlertTargets}). */
        public Builder alerts(Iterable<Alert> alerts, AlertSelection selection) {
            for (Alert a : alerts) {
                alertsRead++;
                if (a.eventTimeMs() < selection.sinceMs()) {
                    alertsOlder++;
                    continue;
                }
                if (a.severity().compareTo(selection.minSeverity()) < 0) {
                    alertsBelow++;
                    continue;
                }
                alertsUsed++;
                Reason r = new Reason(Reason.Kind.ALERT, a.id() + " " + a.type());
                if (selection.hosts()) {
                    alertHosts.add(new Candidate(a.host().toString(), r));
                }
                for (String d : AlertTargets.destinations(a)) {
                    alertTargets.add(new Candidate(d, r));
                }
            }
            return this;
        }

        /** Applies the allow-list, checks every name and address, merges port ranges and sorts. */
        public Policy build() {
            long lines = 0;
            if (anyList) {
                BlacklistLoadReport lr = parser.build().report();
                lines = lr.lines();
                for (BlacklistLoadReport.BadLine bad : lr.badLines()) {
                    skipped.add(new PolicyReport.Item("line " + bad.line(), bad.reason(),
                            Reason.listLine(Reason.Kind.BLACKLIST, bad.source(), bad.line()).toString()));
                }
                skipped.addUncounted(lr.badLineCount() - lr.badLines().size());
            }
            listDomains.keySet().stream().sorted().forEach(d -> {
                for (Reason r : listDomains.get(d)) {
                    destinationOrName(d, r, false);
                }
            });
            listDomains.clear(); // the names map holds them now: a million-entry list is not kept twice
            for (PendingUrl u : listUrls) {
                url(u);
            }
            for (Candidate c : alertTargets) {
                destinationOrName(c.text(), c.reason(), true);
            }
            for (Candidate c : alertHosts) {
                IpAddress a = IpAddress.parse(c.text());
                if (!exempt(a, c.text(), c.reason())) {
                    hosts.computeIfAbsent(a, k -> new ArrayList<>()).add(c.reason());
                }
            }
            PolicyReport report = new PolicyReport(exempted.items, exempted.count, skipped.items, skipped.count, lines,
                    new PolicyReport.AlertCounts(alertsRead, alertsUsed, alertsOlder, alertsBelow));
            return new Policy(this, mergePorts(), report);
        }

        private void destinationOrName(String text, Reason r, boolean fromAlert) {
            Optional<IpAddress> addr = address(text);
            if (addr.isPresent()) {
                IpAddress a = addr.get();
                if (fromAlert && internal.isConfiguredInternal(a)) {
                    skipped.add(new PolicyReport.Item(text, "an internal address is never blocked as a destination",
                            r.toString()));
                } else if (!exempt(a, text, r)) {
                    destinations.computeIfAbsent(a, k -> new ArrayList<>()).add(r);
                }
                return;
            }
            DnsName n;
            try {
                n = DnsName.parse(text);
            } catch (IllegalArgumentException e) {
                skipped.add(new PolicyReport.Item(text, "not exportable: " + e.getMessage(), r.toString()));
                return;
            }
            Optional<Exemptions.Domain> ex = exemptions.covering(n);
            if (ex.isPresent()) {
                exempted.add(new PolicyReport.Item(n.name(), ex.get().reason() + " (" + ex.get().domain() + ")", r.toString()));
                return;
            }
            names.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
        }

        private boolean exempt(IpAddress a, String text, Reason r) {
            Optional<Exemptions.Network> ex = exemptions.covering(a);
            ex.ifPresent(e -> exempted.add(new PolicyReport.Item(text, e.reason() + " (" + e.network() + ")", r.toString())));
            return ex.isPresent();
        }

        private void url(PendingUrl u) {
            String item = u.host() + u.path();
            DnsName host;
            try {
                host = DnsName.parse(u.host());
            } catch (IllegalArgumentException e) {
                skipped.add(new PolicyReport.Item(item, "not exportable: " + e.getMessage(), u.reason().toString()));
                return;
            }
            if (!u.path().matches("/[a-z0-9/._~%-]*")) {
                skipped.add(new PolicyReport.Item(item, "the path has characters outside [a-z0-9/._~%-]", u.reason().toString()));
                return;
            }
            Optional<Exemptions.Domain> ex = exemptions.covering(host);
            if (ex.isPresent()) {
                exempted.add(new PolicyReport.Item(item, ex.get().reason() + " (" + ex.get().domain() + ")", u.reason().toString()));
                return;
            }
            urls.merge(host.name() + u.path(), new UrlRule(host, u.path(), List.of(u.reason())),
                    (x, y) -> new UrlRule(x.host(), x.pathPrefix(), concat(x.reasons(), y.reasons())));
        }

        private static Optional<IpAddress> address(String text) {
            if (text.indexOf(':') < 0 && !text.matches("[0-9.]+")) {
                return Optional.empty();
            }
            try {
                return Optional.of(IpAddress.parse(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** Per transport: entries sorted by first port, overlapping or adjacent ranges merged. */
        private List<PortRule> mergePorts() {
            List<PortRule> out = new ArrayList<>();
            for (Transport t : Transport.values()) {
                List<PortEntry> es = portEntries.stream().filter(e -> e.transport() == t)
                        .sorted(Comparator.comparingInt(PortEntry::lowPort).thenComparingInt(PortEntry::highPort)).toList();
                int lo = NONE;
                int hi = NONE;
                Map<String, List<String>> apps = new TreeMap<>();
                for (PortEntry e : es) {
                    if (lo != NONE && e.lowPort() > hi + 1) {
                        out.add(new PortRule(t, lo, hi, portReasons(apps, t)));
                        lo = NONE;
                        apps = new TreeMap<>();
                    }
                    if (lo == NONE) {
                        lo = e.lowPort();
                        hi = e.highPort();
                    }
                    hi = Math.max(hi, e.highPort());
                    List<String> ranges = apps.computeIfAbsent(e.application(), k -> new ArrayList<>());
                    if (!ranges.contains(range(e))) {
                        ranges.add(range(e));
                    }
                }
                if (lo != NONE) {
                    out.add(new PortRule(t, lo, hi, portReasons(apps, t)));
                }
            }
            return out;
        }

        /** One reason per application: {@code "DirectConnect 411,412/tcp"}. */
        private static List<Reason> portReasons(Map<String, List<String>> apps, Transport t) {
            List<Reason> out = new ArrayList<>();
            apps.forEach((app, ranges) -> out.add(new Reason(Reason.Kind.PORT_TABLE,
                    app + " " + String.join(",", ranges) + "/" + t.label())));
            return out;
        }

        private static String range(PortEntry e) {
            return e.lowPort() == e.highPort() ? Integer.toString(e.lowPort()) : e.lowPort() + "-" + e.highPort();
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> out = new ArrayList<>(a.size() + b.size());
            out.addAll(a);
            out.addAll(b);
            return out;
        }
    }

    /** Keeps the first {@link PolicyReport#MAX_ITEMS} items and counts all. */
    private static final class ItemLog {
        private final List<PolicyReport.Item> items = new ArrayList<>();
        private long count;

        void add(PolicyReport.Item i) {
            count++;
            if (items.size() < PolicyReport.MAX_ITEMS) {
                items.add(i);
            }
        }

        void addUncounted(long n) {
            count += n;
        }
    }
}
