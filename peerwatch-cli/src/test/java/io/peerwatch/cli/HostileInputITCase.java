package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.HostileFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The malformed-input corpus ({@link HostileFiles}) through {@code peerwatch analyze}, each kind
 * together with a good file: no hostile file crashes the run or costs the good file its alerts;
 * each gives exactly its expected outcome (nothing, dead letters naming file and line, or one
 * input-lost line naming file, position and reason, with exit status 3).
 */
class HostileInputITCase {

    private static final Pattern DEAD = Pattern.compile("(\\d+) dead letters");

    @ParameterizedTest
    @EnumSource(HostileFiles.Kind.class)
    void hostileFilesNeverCostAGoodFileItsAlerts(HostileFiles.Kind kind, @TempDir Path tmp) throws Exception {
        List<HostileFiles.Case> cases = HostileFiles.write(tmp).stream().filter(c -> c.kind() == kind).toList();
        List<String> args = new ArrayList<>(List.of("analyze", switch (kind) {
            case PCAP -> "--pcap";
            case NETFLOW -> "--netflow";
            case PROXY -> "--proxy-log";
        }));
        args.add(switch (kind) {
            case PCAP -> Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap").toString();
            case NETFLOW -> Corpus.lab("netflow/export-netflow-v9-s1.pcap").toString();
            case PROXY -> Corpus.lab("http-tunnel/squid-access-native.log").toString();
        });
        cases.forEach(c -> args.add(c.path().toString()));
        if (kind == HostileFiles.Kind.PROXY) {
            args.addAll(List.of("--format", "squid"));
        }

        CliRun.Result run = CliRun.run(args.toArray(String[]::new));
        int rc = run.exitCode();
        String err = run.err();
        String out = run.out();

        boolean lost = cases.stream().anyMatch(c -> c.outcome() == HostileFiles.Outcome.LOST);
        assertThat(rc).as(err).isEqualTo(lost ? AnalyzeCommand.EXIT_INPUT_LOST : 0);
        assertThat(err).doesNotContain("Exception").doesNotContain("Failed to fetch");
        switch (kind) {
            case PCAP -> assertThat(out.toString()).contains("\"P2P_CLIENT\"");
            case NETFLOW -> assertThat(out.toString()).contains("\"P2P_BEHAVIOUR\"");
            case PROXY -> assertThat(out.toString()).contains("\"NONSTANDARD_CONNECT\"").contains("\"HTTP_TUNNEL\"");
        }
        List<String> lostLines = err.lines().filter(l -> l.startsWith("input lost: ")).toList();
        int dead = 0;
        for (HostileFiles.Case c : cases) {
            switch (c.outcome()) {
                case NOTHING -> assertThat(err).as(c.name()).doesNotContain(c.name());
                case DEAD_LETTERS -> {
                    assertThat(err).as(c.name()).contains(c.expect());
                    assertThat(lostLines).as(c.name()).noneMatch(l -> l.contains(c.name()));
                    dead += c.deadLetters();
                }
                case LOST -> assertThat(lostLines).as(c.name()).filteredOn(l -> l.contains(c.path().toString()))
                        .singleElement().asString().contains(c.expect());
            }
        }
        Matcher m = DEAD.matcher(err);
        assertThat(m.find()).as(err).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as(err).isEqualTo(dead);
    }

    /**
     * The corpus's captures through {@code classify}, beside a good capture: the good capture's
     * flows are labelled, each file gives its outcome as analyze does (the same input-lost words,
     * from the same resync loop), and the exit status says input was lost.
     */
    @org.junit.jupiter.api.Test
    void classifyGivesEveryHostileCaptureItsOutcome(@TempDir Path tmp) throws Exception {
        List<HostileFiles.Case> cases = HostileFiles.write(tmp).stream()
                .filter(c -> c.kind() == HostileFiles.Kind.PCAP).toList();
        List<String> args = new ArrayList<>(List.of("classify",
                Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap").toString()));
        cases.forEach(c -> args.add(c.path().toString()));

        CliRun.Result run = CliRun.run(args.toArray(String[]::new));
        int rc = run.exitCode();
        String err = run.err();
        String out = run.out();

        assertThat(rc).as(err).isEqualTo(ExitStatus.INPUT_LOST);
        assertThat(err).doesNotContain("Exception");
        assertThat(out.toString()).contains("BitTorrent");
        List<String> lostLines = err.lines().filter(l -> l.startsWith("peerwatch classify: input lost: ")).toList();
        for (HostileFiles.Case c : cases) {
            switch (c.outcome()) {
                case NOTHING, DEAD_LETTERS -> assertThat(err).as(c.name()).doesNotContain(c.name());
                case LOST -> assertThat(lostLines).as(c.name()).filteredOn(l -> l.contains(c.path().toString()))
                        .singleElement().asString().contains(c.expect());
            }
        }
        // the packet after the corrupt record was read: its flow is in the table
        assertThat(out.toString()).contains("198.18.7.1:40001");
    }

    /**
     * A real BitTorrent handshake split into IP fragments after its first payload bytes is still a
     * P2P_CLIENT alert from {@code analyze}; a capture whose fragments never make a datagram (only
     * the first of each) gives a dead letter with the reassembler's counts, not silence.
     */
    @org.junit.jupiter.api.Test
    void analyzeJudgesTheReassembledHandshake(@TempDir Path tmp) throws Exception {
        List<io.peerwatch.testing.Fragments.Frame> flow = io.peerwatch.testing.Fragments.handshakeFlow(
                Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap"));
        Path whole = java.nio.file.Files.write(tmp.resolve("fragmented.pcap"),
                io.peerwatch.testing.Fragments.handshakeCapture(flow, 4, true, 20261206L));
        Path firstOnly = java.nio.file.Files.write(tmp.resolve("first-fragments.pcap"),
                io.peerwatch.testing.Fragments.handshakeCapture(flow, 6, false, 20261206L));

        CliRun.Result run = CliRun.run("analyze", "--pcap", whole.toString(), firstOnly.toString());
        int rc = run.exitCode();
        String err = run.err();
        String out = run.out();

        assertThat(rc).as(err).isZero();
        assertThat(out.toString()).contains("\"P2P_CLIENT\"");
        assertThat(err).contains("dead letter: " + firstOnly + ": 1 IP fragments: 0 datagrams reassembled, 1 dropped "
                + "(incomplete at end 1), 1 fragments unused");
        assertThat(err).doesNotContain(whole.toString());
    }

    /**
     * A flood of spoofed sources does not hide the real P2P host (issue 12, item 11): the lab's
     * BitTorrent capture with 20,000 TCP SYNs from random sources spread over its time span (half of
     * them internal addresses, each a host key of its own), made by the benchmark's own generator
     * ({@code bench/floods/make-flood-pcap.py}), gives every alert the capture gives alone, with the
     * same ids, and no P2P or tunnel alert for a spoofed address.
     */
    @Test
    void aFloodOfSpoofedSourcesDoesNotHideTheP2pHost(@TempDir Path tmp) throws Exception {
        Path base = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        Path flood = tmp.resolve("flood.pcap");
        Process p = new ProcessBuilder("python3", Path.of("../bench/floods/make-flood-pcap.py").toString(),
                base.toString(), "20000", flood.toString()).redirectErrorStream(true).start();
        String generatorOutput = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(generatorOutput).isZero();
        assertThat(Files.size(flood)).isGreaterThan(Files.size(base) + 20_000L * 54);

        AnalyzeRun alone = AnalyzeRun.of("analyze", "--pcap", base.toString());
        AnalyzeRun flooded = AnalyzeRun.of("analyze", "--pcap", flood.toString());
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        assertThat(flooded.exitCode()).as(flooded.err()).isZero();
        assertThat(alone.hostsOf("P2P_CLIENT")).isNotEmpty();
        Set<String> aloneIds = ids(alone.alerts());
        assertThat(ids(flooded.alerts())).containsAll(aloneIds);
        assertThat(flooded.alerts()).filteredOn(a -> !aloneIds.contains(a.at("/event/id").asText()))
                .noneSatisfy(a -> assertThat(a.at("/rule/name").asText()).matches("P2P_.*|.*TUNNEL.*"));
    }

    private static Set<String> ids(List<JsonNode> alerts) {
        return alerts.stream().map(a -> a.at("/event/id").asText()).collect(Collectors.toSet());
    }
}
