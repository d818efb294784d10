package io.peerwatch.cli;

import io.peerwatch.cli.policy.AlertTopic;
import io.peerwatch.cli.policy.EcsAlerts;
import io.peerwatch.config.Flag;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.core.Severity;
import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.policy.AlertSelection;
import io.peerwatch.policy.Exemptions;
import io.peerwatch.policy.Policy;
import io.peerwatch.policy.PolicyDiff;
import io.peerwatch.policy.PolicyFormat;
import io.peerwatch.policy.PolicyReport;
import io.peerwatch.policy.Rendering;
import io.peerwatch.policy.Utf8Lines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerwatch policy}: prevention, the detector's knowledge as policy to review and apply. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Turns the port table, the blacklists and recent alerts into firewall, proxy and DNS policy.",
            "",
            "Nothing is ever applied to this machine: the commands write files for a network team to review."},
        subcommands = {PolicyCommand.Export.class})
final class PolicyCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (export)");
    }

    /** {@code peerwatch policy export}. */
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:the policy (or the diff) was written",
                "1:an input could not be used: an allow-list, --diff or alert file, a topic or --output "
                        + "(named on stderr with the line and the reason)",
                "2:bad usage or configuration"},
            description = {
                "Writes the port table (TCP and UDP, both directions, ranges merged), the blacklists (files.blacklists) "
                        + "and, with --from-alerts, the hosts and destinations of recent alerts as rules in one format: "
                        + "nftables, iptables, ip6tables, squid-acl, hosts, unbound or rpz. Every rule carries a comment "
                        + "naming its reason: the port-table entry, the list and line, or the alert id. Names from lists "
                        + "and alerts that are not valid DNS names are left out and reported, never written.",
                "",
                "Alert hosts are quarantined (their traffic, or for DNS formats all their queries, is blocked); "
                        + "destinations come from BLACKLISTED_HOST (the listed host), P2P_CLIENT (peer, tracker), "
                        + "ICMP_TUNNEL and ENCRYPTED_TUNNEL_SUSPECT (endpoint), DNS_TUNNEL (the tunnel domain), "
                        + "HTTP_TUNNEL and NONSTANDARD_CONNECT (the target); internal addresses are never destinations. "
                        + "Put proxies, NAT gateways and resolvers in the --exempt file.",
                "",
                "Nothing is ever applied to this machine: the policy goes to stdout or --output; what was "
                        + "exempted, left out or cannot be expressed in the format goes to stderr. With --diff the "
                        + "changes since an earlier export (as rule sets: order and comments do not count) go to "
                        + "stdout, and the new export only to --output.",
                "",
                "Examples:",
                "  peerwatch policy export --format nftables --output peerwatch.nft",
                "  peerwatch policy export --format squid-acl --blacklist hosts.txt --exempt allow.txt",
                "  peerwatch analyze --pcap office.pcapng > alerts.jsonl",
                "  peerwatch policy export --format rpz --from-alerts alerts.jsonl --since 0 --output peerwatch.rpz",
                "  peerwatch policy export --format unbound --from-alerts peerwatch.alerts --bootstrap kafka1:9092 "
                        + "--since 24h --min-severity HIGH --diff peerwatch.conf --output peerwatch.conf"})
    static final class Export implements Callable<Integer>, ConfigOptions.JobCommand {

        /** Exempted, skipped and unreadable entries printed on stderr before the rest are only counted. */
        static final int MAX_PRINTED = 20;
        /** Characters of an error message printed (it names files and quotes input, made printable). */
        static final int MAX_ERROR = 1000;
        /** Default of --since. */
        static final Duration DEFAULT_SINCE = Duration.ofHours(24);
        private static final Set<String> FLAGS = Set.of("--port-table", "--replace-port-table", "--blacklist", "--internal",
                "--bootstrap");

        private final ConfigOptions config = new ConfigOptions();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "nftables, iptables, ip6tables, squid-acl, hosts, unbound or rpz.")
        String format;

        @Option(names = "--from-alerts", paramLabel = "TOPIC|FILE", arity = "1",
                description = "Alerts to add: a file of ECS JSON lines (what 'analyze' prints, or the JSON alert topic's "
                        + "records), or else a topic (Avro alerts or ECS JSON, read with read_committed from "
                        + "kafka.bootstrap-servers). Repeatable.")
        List<String> fromAlerts = new ArrayList<>();

        @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Only alerts whose event time is within this long before now; 0 takes all (default: 24h).")
        Duration since = DEFAULT_SINCE;

        @Option(names = "--min-severity", paramLabel = "SEVERITY",
                description = "Only alerts of this severity or above: LOW, MEDIUM, HIGH, CRITICAL (default: ${DEFAULT-VALUE}).")
        Severity minSeverity = AlertSelection.DEFAULT_MIN_SEVERITY;

        @Option(names = "--no-alert-hosts", description = "Use the alerts' destinations only, not their hosts.")
        boolean noAlertHosts;

        @Option(names = "--exempt", paramLabel = "FILE",
                description = "Allow-list: one address, network (CIDR) or domain (with its subdomains) per line, # comments. "
                        + "Never blocked; exempted entries are reported.")
        Path exempt;

        @Option(names = "--diff", paramLabel = "PREVIOUS",
                description = "An earlier export in the same format: prints the rules added and removed since.")
        Path diff;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the policy here (default: stdout).")
        Path output;

        @Option(names = "--serial", paramLabel = "N",
                description = "SOA serial of an rpz zone (default: the current time in seconds since 1970).")
        Long serial;

        @Override
        public ConfigOptions config() {
            return config;
        }

        @Override
        public Set<Flag.Scope> flagScopes() {
            return EnumSet.allOf(Flag.Scope.class);
        }

        @Override
        public boolean offers(Flag flag) {
            return FLAGS.contains(flag.name());
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PolicyFormat fmt;
            try {
                fmt = PolicyFormat.of(format);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
            if (since.isNegative()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--since must not be negative");
            }
            long now = System.currentTimeMillis();
            PolicyFormat.Options options;
            try {
                options = new PolicyFormat.Options(serial != null ? serial : now / 1000);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--serial: " + e.getMessage());
            }
            JobConfig cfg = config.jobConfig(spec, Optional.empty());
            LibraryConfig lib = cfg.library();
            String name = spec.qualifiedName();
            try {
                Map<String, String> previous = diff == null ? null : previous(fmt);
                Exemptions exemptions = exempt == null ? Exemptions.none() : Exemptions.load(exempt);
                long sinceMs = since.isZero() ? Long.MIN_VALUE : now - since.toMillis();
                List<String> alertProblems = new ArrayList<>();
                List<Alert> alerts = alerts(cfg, sinceMs, alertProblems);
                Policy.Builder b = Policy.builder().portTable(lib.portTable()).internalNetworks(lib.internalNetworks())
                        .exemptions(exemptions).alerts(alerts, new AlertSelection(sinceMs, minSeverity, !noAlertHosts));
                for (Path f : lib.blacklistFiles()) {
                    b.blacklist(f);
                }
                Policy policy = b.build();
                Rendering r = fmt.render(policy, options);
                if (output != null) {
                    write(output, r.text());
                } else if (previous == null) {
                    out.print(r.text());
                }
                if (previous != null) {
                    out.print(PolicyDiff.between(previous, r).toText());
                }
                out.flush();
                summary(err, name, fmt, policy, r, alertProblems);
                return 0;
            } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException
                    | KafkaCheck.UnreachableException e) {
                err.println(name + ": " + PolicyReport.printable(message(e), MAX_ERROR));
                err.flush();
                return 1;
            }
        }

        /** The rules of the earlier export; errors name --diff, the file, and the line. */
        private Map<String, String> previous(PolicyFormat fmt) throws IOException {
            StringBuilder text = new StringBuilder();
            try {
                Utf8Lines.read(diff, l -> {
                    if (!l.isText()) {
                        throw new IllegalArgumentException("--diff " + diff + ":" + l.number() + ": " + l.problem()
                                + ", not a PeerWatch export");
                    }
                    text.append(l.text()).append('\n');
                });
            } catch (IOException e) {
                throw new IOException("--diff " + diff + ": " + e.getMessage(), e);
            }
            return fmt.readRules(text.toString());
        }

        private String message(Exception e) {
            if (diff != null && e instanceof IllegalArgumentException && e.getMessage().startsWith("not a PeerWatch")) {
                return "--diff " + diff + ": " + e.getMessage();
            }
            if (e instanceof java.nio.file.NoSuchFileException n) {
                return n.getFile() + ": no such file";
            }
            return e.getMessage();
        }

        private List<Alert> alerts(JobConfig cfg, long sinceMs, List<String> problems)
                throws IOException, KafkaCheck.UnreachableException {
            List<Alert> all = new ArrayList<>();
            for (String src : fromAlerts) {
                Path f = Path.of(src);
                if (Files.isDirectory(f)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--from-alerts " + src
                            + ": is a directory, not a file of alerts or a topic");
                }
                if (Files.isRegularFile(f)) {
                    EcsAlerts.Read read = EcsAlerts.read(f);
                    all.addAll(read.alerts());
                    problems.addAll(read.badLines());
                    continue;
                }
                if (cfg.bootstrapServers().isBlank()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--from-alerts " + src
                            + ": no such file, and no Kafka bootstrap (--bootstrap or kafka.bootstrap-servers) to read it as a topic");
                }
                // A wrong address or refused credentials end here with one line, not after a minute of retries.
                KafkaCheck.requireReachable(cfg.bootstrapServers(), cfg.kafkaProperties());
                AlertTopic.Read read = AlertTopic.read(cfg.kafkaClientProperties(), src, sinceMs);
                all.addAll(read.alerts());
                if (read.undecodable() > 0) {
                    problems.add("topic " + src + ": " + read.undecodable() + " of " + read.records()
                            + " records are not alerts (neither Avro nor ECS JSON)");
                    problems.addAll(read.badRecords());
                }
            }
            return all;
        }

        /** Writes through a temporary file in the same folder, so a reader never sees half a policy. */
        private static void write(Path file, String text) throws IOException {
            Path abs = file.toAbsolutePath();
            if (Files.isDirectory(abs)) {
                throw new IOException("--output " + file + ": is a directory");
            }
            Path tmp;
            try {
                tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("--output " + file + ": its folder " + abs.getParent() + " does not exist", e);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new IOException("--output " + file + ": cannot write in " + abs.getParent() + " (permission denied)", e);
            }
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private void summary(PrintWriter err, String name, PolicyFormat fmt, Policy p, Rendering r, List<String> alertProblems) {
            PolicyReport rep = p.report();
            err.printf("%s: %s: %d rules from %d port ranges, %d names, %d URLs, %d destinations, %d alert hosts, "
                            + "%d exempt entries%s%n", name, fmt.id(), r.rules().size(), p.ports().size(), p.names().size(),
                    p.urls().size(), p.destinations().size(), p.hosts().size(),
                    p.exemptions().networks().size() + p.exemptions().domains().size(),
                    output == null ? "" : "; written to " + output);
            for (String n : r.notes()) {
                err.println("  not expressible in " + fmt.id() + ": " + n);
            }
            if (!fromAlerts.isEmpty()) {
                PolicyReport.AlertCounts a = rep.alerts();
                err.printf("  alerts: %d read, %d used, %d before %s, %d below %s%n", a.read(), a.used(), a.older(),
                        since.isZero() ? "the start" : "the last " + since.toString().substring(2).toLowerCase(java.util.Locale.ROOT),
                        a.belowSeverity(), minSeverity);
            }
            print(err, "unusable alert input", alertProblems.size(), alertProblems.stream().map(PolicyReport::printable).toList());
            print(err, "exempted", rep.exemptedCount(), rep.exempted().stream().map(PolicyReport.Item::toString).toList());
            print(err, "left out", rep.skippedCount(), rep.skipped().stream().map(PolicyReport.Item::toString).toList());
            err.flush();
        }

        private static void print(PrintWriter err, String what, long count, List<String> items) {
            if (count == 0) {
                return;
            }
            err.println("  " + what + " (" + count + "):");
            items.stream().limit(MAX_PRINTED).forEach(i -> err.println("    " + i));
            if (count > Math.min(items.size(), MAX_PRINTED)) {
                err.println("    ... " + (count - Math.min(items.size(), MAX_PRINTED)) + " more");
            }
        }
    }
}
