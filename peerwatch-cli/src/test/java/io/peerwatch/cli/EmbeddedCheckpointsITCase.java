package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded run keeps its checkpoints under the state directory ({@code --state-dir}) while it
 * runs, and nothing of them is left once it is stopped as a user stops it (SIGTERM, what Ctrl-C
 * and service managers send); folders of runs that were killed outright go at the next start
 * (issue 13, item 9).
 */
class EmbeddedCheckpointsITCase {

    @TempDir
    Path dir;

    private static boolean hasCheckpoint(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("chk-"));
        } catch (Exception e) {
            return false; // a checkpoint folder being written or removed
        }
    }

    @Test
    void theDemosCheckpointsLiveUnderTheStateDirectoryAndGoWithIt() throws Exception {
        Path state = dir.resolve("state");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PeerWatchCli.class.getName(), "demo", "--state-dir", state.toString(),
                "--report", dir.resolve("report.html").toString(), "--hosts", "20")); // not into the module folder
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("demo.out").toFile())
                .redirectError(dir.resolve("demo.err").toFile()).start();
        Path mine = state.resolve(StateDir.CHECKPOINTS).resolve("demo-" + p.pid());
        try {
            Await.until("a completed checkpoint under " + mine, () -> hasCheckpoint(mine) || !p.isAlive());
            assertThat(p.isAlive()).as("the demo runs; its stderr: %s", dir.resolve("demo.err")).isTrue();
        } finally {
            p.destroy(); // SIGTERM
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the demo did not stop within 120 s of SIGTERM");
            }
        }
        assertThat(mine).doesNotExist();
    }

    @Test
    void foldersOfRunsThatAreGoneAreRemovedAtTheNextStart() throws Exception {
        Path root = dir.resolve(StateDir.CHECKPOINTS);
        // a process that has ended: its pid names no live process
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version").start();
        gone.waitFor();
        Path stale = Files.createDirectories(root.resolve("run-" + gone.pid()).resolve("chk-3"));
        Path alive = Files.createDirectories(root.resolve("run-" + ProcessHandle.current().pid()));
        Path other = Files.createDirectories(root.resolve("notes"));
        org.apache.flink.configuration.Configuration flink = new org.apache.flink.configuration.Configuration();
        StateDir sd = new StateDir();
        sd.dir = dir.toString();
        Path mine = sd.embeddedCheckpoints(flink, "demo");
        assertThat(stale.getParent()).doesNotExist();
        assertThat(alive).exists();
        assertThat(other).exists();
        assertThat(mine).isEqualTo(root.toAbsolutePath().resolve("demo-" + ProcessHandle.current().pid()));
        assertThat(flink.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(mine.toUri().toString());
        assertThat(flink.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
    }
}
