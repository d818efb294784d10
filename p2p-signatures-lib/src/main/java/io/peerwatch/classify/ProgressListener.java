package io.peerwatch.classify;

import java.nio.file.Path;

/** Receives reading progress from a {@link Classifier} run, e.g. to draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called every {@link Classifier.Builder#progressInterval(long) interval} bytes and after
     * each file, on the classifying thread.
     *
     * @param file the file being read
     * @param bytesDone bytes read so far, over all files of the run
     * @param bytesTotal size of all files of the run
     */
    void progress(Path file, long bytesDone, long bytesTotal);
}
