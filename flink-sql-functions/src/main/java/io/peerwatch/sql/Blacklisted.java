package io.peerwatch.sql;

import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.config.LibraryConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code blacklisted(host STRING) -> BOOLEAN}: whether the host name (or a parent domain of it) is
 * on the blacklists of the job parameter {@code files.blacklists} (comma-separated paths of
 * hosts-file or domain lists, the job's key); NULL for NULL. The lists are read when the function
 * opens and re-read when a file changes, checked at most every
 * {@link #RELOAD_CHECK_MS} ms.
 *
 * @throws IllegalStateException from {@code open} when no list is configured: an empty list
 *     would answer FALSE for every host and hide the mistake
 */
public final class Blacklisted extends ScalarFunction {

    /** How often a running query looks for changed list files, in ms. */
    public static final long RELOAD_CHECK_MS = 60_000;

    private transient BlacklistHolder lists;
    private transient long nextCheckMs;

    @Override
    public void open(FunctionContext context) {
        List<Path> files = PeerWatchFunctions.paths(context, LibraryConfig.BLACKLISTS.name());
        if (files.isEmpty()) {
            throw new IllegalStateException("blacklisted() needs blacklist files: SET 'pipeline.global-job-parameters' = '"
                    + LibraryConfig.BLACKLISTS.name() + ":/path/hosts.txt'");
        }
        lists = new BlacklistHolder(files);
        lists.reload();
        nextCheckMs = System.currentTimeMillis() + RELOAD_CHECK_MS;
    }

    /** True when a list covers the host. */
    public Boolean eval(String host) {
        if (host == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now >= nextCheckMs) {
            nextCheckMs = now + RELOAD_CHECK_MS;
            lists.reloadIfChanged();
        }
        return lists.match(host).isPresent();
    }

    /** The lists change while a query runs, so results are not constant-folded at planning time. */
    @Override
    public boolean isDeterministic() {
        return false;
    }
}
