package io.peerwatch.ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The P2P firewall port table: which TCP/UDP ports belong to which file-sharing application.
 *
 * <p>The defaults are the source paper's table plus BitTorrent (resource
 * {@code io/peerwatch/ports/p2p-ports.txt}); users replace or extend them from a file in the
 * same format:
 *
 * <pre>{@code
 * # application  transports  ports
 * BitTorrent     tcp/udp     6881-6889
 * Soulseek       tcp         2234,2240-2242
 * }</pre>
 *
 * <pre>{@code
 * PortTable table = PortTable.defaults().extendedWith(PortTable.load(Path.of("site-ports.txt")));
 * table.lookup(Transport.TCP, 6346).ifPresent(e -> System.out.println(e.application())); // Gnutella
 * }</pre>
 *
 * <p>Lookups are O(1) and do not allocate. Instances are immutable and thread-safe.
 */
public final class PortTable {

    private static final String DEFAULT_RESOURCE = "/io/peerwatch/ports/p2p-ports.txt";
    private static final int NONE = -1;
    private static final PortTable DEFAULTS = loadDefaults();

    private final List<PortEntry> entries;
    /** Per transport, per port: index into {@code entries}, or NONE. The first entry listed wins. */
    private final int[][] index;

    private PortTable(List<PortEntry> entries) {
        this.entries = List.copyOf(entries);
        this.index = new int[Transport.values().length][0x10000];
        for (int[] row : index) {
            java.util.Arrays.fill(row, NONE);
        }
        for (int i = 0; i < this.entries.size(); i++) {
            PortEntry e = this.entries.get(i);
            int[] row = index[e.transport().ordinal()];
            for (int p = e.lowPort(); p <= e.highPort(); p++) {
                if (row[p] == NONE) {
                    row[p] = i;
                }
            }
        }
    }

    /** The built-in table. */
    public static PortTable defaults() {
        return DEFAULTS;
    }

    /** A table of exactly these entries. */
    public static PortTable of(List<PortEntry> entries) {
        return new PortTable(entries);
    }

    /**
     * Reads a table file.
     *
     * @throws PortTableFormatException naming the file and line of the first bad entry
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PortTable load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read port table " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the table format from a reader.
     *
     * @param sourceName named in error messages
     * @throws PortTableFormatException naming the source and line of the first bad entry
     */
    public static PortTable parse(Reader reader, String sourceName) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<PortEntry> out = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = br.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            if (f.length != 3) {
                throw new PortTableFormatException(sourceName, lineNo,
                        "expected '<application> <tcp|udp|tcp/udp> <ports>', got " + f.length + " fields");
            }
            try {
                for (Transport t : parseTransports(f[1])) {
                    for (String range : f[2].split(",")) {
                        int dash = range.indexOf('-');
                        int lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                        int hi = dash < 0 ? lo : Integer.parseInt(range.substring(dash + 1));
                        out.add(new PortEntry(f[0], t, lo, hi));
                    }
                }
            } catch (NumberFormatException e) {
                throw new PortTableFormatException(sourceName, lineNo, "bad port number in '" + f[2] + "'");
            } catch (IllegalArgumentException e) {
                throw new PortTableFormatException(sourceName, lineNo, e.getMessage());
            }
        }
        return new PortTable(out);
    }

    private static List<Transport> parseTransports(String text) {
        List<Transport> out = new ArrayList<>();
        for (String t : text.split("/")) {
            switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case "tcp" -> out.add(Transport.TCP);
                case "udp" -> out.add(Transport.UDP);
                default -> throw new IllegalArgumentException("unknown transport '" + t + "' (use tcp, udp or tcp/udp)");
            }
        }
        return out;
    }

    private static PortTable loadDefaults() {
        try (InputStream in = PortTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table with this table's entries first, then {@code other}'s (earlier entries win on overlap). */
    public PortTable extendedWith(PortTable other) {
        List<PortEntry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new PortTable(all);
    }

    /** All entries in file order. */
    public List<PortEntry> entries() {
        return entries;
    }

    /** The entry covering {@code port} on {@code transport}, if any. */
    public Optional<PortEntry> lookup(Transport transport, int port) {
        int i = indexOf(transport.ordinal(), port);
        return i == NONE ? Optional.empty() : Optional.of(entries.get(i));
    }

    /** Allocation-free membership test for an IP protocol number and port. */
    public boolean contains(int ipProtocol, int port) {
        return switch (ipProtocol) {
            case io.peerwatch.core.IpProtocol.TCP -> indexOf(Transport.TCP.ordinal(), port) != NONE;
            case io.peerwatch.core.IpProtocol.UDP -> indexOf(Transport.UDP.ordinal(), port) != NONE;
            default -> false;
        };
    }

    private int indexOf(int transport, int port) {
        if (port < 0 || port > 0xffff) {
            return NONE;
        }
        return index[transport][port];
    }

    @Override
    public String toString() {
        return "PortTable" + entries;
    }
}
