package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The samples give what {@code samples/LABELS.md} says: for each "Flows of `./peerwatch classify
 * ...`" and "Alerts of `./peerwatch analyze ...`" paragraph, the command runs (in this JVM, the
 * code {@code ./peerwatch} runs) and its flows or alerts must equal the table below it, row for
 * row. Samples, labels and detectors cannot drift apart.
 */
class SamplesITCase {

    private static final Pattern CHECKED = Pattern.compile("^(Flows|Alerts) of `\\./peerwatch ([^`]+)`:\\s*$");

    private static Path root() {
        return Path.of(System.getProperty("peerwatch.root", "..")).toAbsolutePath().normalize();
    }

    @TestFactory
    Stream<DynamicTest> everyLabelledCommandGivesItsTable() throws Exception {
        List<String> lines = Files.readAllLines(root().resolve("samples/LABELS.md"));
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = CHECKED.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            List<String> expected = table(lines, i + 1);
            String kind = m.group(1);
            String command = m.group(2);
            tests.add(DynamicTest.dynamicTest(command, () -> {
                List<String> actual = kind.equals("Flows") ? flows(command) : alerts(command);
                assertThat(actual).as("output of ./peerwatch %s against samples/LABELS.md", command)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }));
        }
        assertThat(tests).as("checked commands in LABELS.md").hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    /** The rows of the first table after {@code from}, cells trimmed and joined with '|', header skipped. */
    private static List<String> table(List<String> lines, int from) {
        List<String> rows = new ArrayList<>();
        int i = from;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String l = lines.get(i);
            rows.add(String.join("|", Arrays.stream(l.substring(1, l.length() - 1).split("\\|", -1)).map(String::strip)
                    .toList()));
        }
        return rows;
    }

    private record Output(int exitCode, String out, String err) {
    }

    private static Output run(String command) {
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) {
            args.add(a.startsWith("samples/") ? root().resolve(a).toString() : a);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args.toArray(String[]::new));
        Output o = new Output(rc, out.toString(), err.toString());
        assertThat(rc).as("exit code of %s; stderr: %s", command, o.err()).isZero();
        return o;
    }

    private static List<String> flows(String command) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode f : json(run(command).out())) {
            rows.add(String.join("|", f.get("transport").asText(), f.get("client_ip").asText(),
                    f.get("server_ip").asText() + ":" + f.get("server_port").asText(), f.get("protocol").asText()));
        }
        return rows;
    }

    private static List<String> alerts(String command) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode a : json(run(command).out())) {
            rows.add(String.join("|", a.at("/rule/name").asText(), a.at("/source/ip").asText(),
                    a.at("/user/name").asText(""), a.at("/peerwatch/protocol").asText("")));
        }
        return rows;
    }

    private static List<JsonNode> json(String out) throws Exception {
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                docs.add(om.readTree(line));
            }
        }
        return docs;
    }
}
