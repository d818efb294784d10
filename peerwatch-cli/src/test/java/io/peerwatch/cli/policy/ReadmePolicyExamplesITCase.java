package io.peerwatch.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's Prevention examples run on a clone: the first code block of the section (the
 * repository's own example files only, nothing from the shared corpus) exits 0 and every file
 * it writes passes its tool's check, and the {@code --diff} session prints exactly what the
 * README shows. Inputs resolve against the repository root, outputs go to a temporary folder.
 */
class ReadmePolicyExamplesITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String COMMAND = "./peerwatch ";
    private static final Set<String> OUTPUTS = Set.of("--output", "-o", "--diff");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    /** The fenced code blocks of the README's Prevention section. */
    private static List<List<String>> blocks() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Prevention\n");
        assertThat(start).as("README has a Prevention section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                } else {
                    blocks.add(current);
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** Shell words of a command line, without the program and a trailing comment. */
    private String[] args(String line) {
        String cmd = line.startsWith("$ ") ? line.substring(2) : line;
        int comment = cmd.indexOf(" #");
        cmd = (comment < 0 ? cmd : cmd.substring(0, comment)).strip();
        assertThat(cmd).startsWith(COMMAND);
        String[] words = cmd.substring(COMMAND.length()).strip().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            if (OUTPUTS.contains(words[i - 1])) {
                words[i] = dir.resolve(words[i]).toString();
            } else if (!words[i].startsWith("-") && Files.isRegularFile(ROOT.resolve(words[i]))) {
                words[i] = ROOT.resolve(words[i]).toString();
            }
        }
        return words;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private int tool(String... command) throws Exception {
        Tools.Result r = Tools.run(dir, command);
        Files.writeString(dir.resolve("tool.log"), r.output());
        return r.code();
    }

    private String toolLog() throws Exception {
        return Files.readString(dir.resolve("tool.log"));
    }

    @Test
    void theExamplesRunOnTheRepositorysOwnFilesAndTheirOutputPassesTheTools() throws Exception {
        List<String> lines = blocks().get(0);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(6).allSatisfy(l -> assertThat(l).startsWith("./peerwatch policy export"));
        Run last = null;
        for (String line : lines) {
            String[] args = args(line);
            last = run(args);
            assertThat(last.code()).as(line + "\n" + last.err()).isZero();
        }
        // the last example prints to stdout: alert destinations and hosts, the allow-list first
        assertThat(last.out()).contains("ip daddr 198.18.60.30 counter drop comment \"alert ",
                "ip saddr 198.18.60.40 counter drop comment \"alert ", "ip saddr 10.9.0.0/16 accept comment \"exempt allow.txt:4\"");
        Path stdoutNft = Files.writeString(dir.resolve("stdout.nft"), last.out());

        for (String nft : List.of("peerwatch.nft", stdoutNft.getFileName().toString())) {
            assertThat(tool("nft", "-c", "-f", dir.resolve(nft).toString())).as(nft + "\n" + toolLog()).isZero();
        }
        assertThat(tool("iptables-restore", "--test", dir.resolve("peerwatch.iptables").toString())).as(toolLog()).isZero();
        assertThat(Files.readString(dir.resolve("peerwatch-acl.conf"))).contains("acl peerwatch_domains dstdomain .torrent-search.example",
                "acl peerwatch_exempt_domains dstdomain .partner.example").doesNotContain("cdn.partner.example");
        Path squid = Files.writeString(dir.resolve("squid.conf"), String.join("\n", "http_port 127.0.0.1:3128",
                "include " + dir.resolve("peerwatch-acl.conf"), "http_access deny all", "cache_log " + dir.resolve("cache.log"),
                "access_log none", "pid_filename none", ""));
        assertThat(tool("squid", "-k", "parse", "-f", squid.toString())).as(toolLog()).isZero();
        assertThat(toolLog()).contains("Processing: acl peerwatch_urls url_regex").doesNotContainIgnoringCase("warning");
        Path unbound = Files.writeString(dir.resolve("unbound.conf"), String.join("\n", "server:", "\tinterface: 127.0.0.1",
                "\tusername: \"\"", "\tchroot: \"\"", "\tdirectory: \"" + dir + "\"", "\tpidfile: \"\"",
                "\tmodule-config: \"respip validator iterator\"", "include: \"" + dir.resolve("peerwatch-unbound.conf") + "\"",
                "rpz:", "\tname: \"rpz.peerwatch.\"", "\tzonefile: \"" + dir.resolve("peerwatch.rpz") + "\"", ""));
        assertThat(tool("unbound-checkconf", unbound.toString())).as(toolLog()).isZero();
        assertThat(tool("named-checkzone", "rpz.peerwatch", dir.resolve("peerwatch.rpz").toString())).as(toolLog()).isZero();
        assertThat(Files.readString(dir.resolve("peerwatch.rpz"))).contains("\nt.lab.test CNAME . ; alert ");
    }

    @Test
    void theDiffSessionPrintsWhatTheReadmeShows() throws Exception {
        List<String> session = blocks().stream().filter(b -> !b.isEmpty() && b.get(0).startsWith("$ ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '$ ' session in the Prevention section"));
        int i = 0;
        int commands = 0;
        while (i < session.size()) {
            String line = session.get(i++);
            assertThat(line).startsWith("$ ");
            StringBuilder expected = new StringBuilder();
            while (i < session.size() && !session.get(i).startsWith("$ ")) {
                expected.append(session.get(i++)).append('\n');
            }
            Run r = run(args(line));
            assertThat(r.code()).as(line + "\n" + r.err()).isZero();
            assertThat(r.out()).as(line).isEqualTo(expected.toString());
            commands++;
        }
        assertThat(commands).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("peerwatch.hosts"))).doesNotContain("cdn.partner.example")
                .contains("0.0.0.0 torrent-search.example # blacklist blacklist.txt:6");
        assertThat(Arrays.asList(ROOT.resolve("docs/examples/policy").toFile().list()))
                .containsExactlyInAnyOrder("alerts.jsonl", "allow.txt", "blacklist.txt");
    }
}
