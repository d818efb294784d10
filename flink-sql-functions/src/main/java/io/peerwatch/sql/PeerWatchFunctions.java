package io.peerwatch.sql;

import io.peerwatch.config.LibraryConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * The SQL name of every PeerWatch function, and how they read their settings.
 *
 * <pre>{@code
 * PeerWatchFunctions.ALL.forEach(tableEnv::createTemporarySystemFunction);
 * tableEnv.executeSql("SELECT p2p_protocol(payload, src_port, dst_port, ip_proto) FROM packets");
 * }</pre>
 */
public final class PeerWatchFunctions {

    /** SQL name to function class, in the order the README lists them. */
    public static final Map<String, Class<? extends UserDefinedFunction>> ALL = all();

    private PeerWatchFunctions() {
    }

    private static Map<String, Class<? extends UserDefinedFunction>> all() {
        Map<String, Class<? extends UserDefinedFunction>> m = new LinkedHashMap<>();
        m.put("p2p_protocol", P2pProtocol.class);
        m.put("is_p2p_port", IsP2pPort.class);
        m.put("dns_tunnel_score", DnsTunnelScore.class);
        m.put("dns_tunnel_reasons", DnsTunnelReasons.class);
        m.put("proxy_tunnel_reason", ProxyTunnelReason.class);
        m.put("blacklisted", Blacklisted.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A job parameter holding one path (empty when unset). */
    static String path(FunctionContext context, String key) {
        return context.getJobParameter(key, "").trim();
    }

    /**
     * A job parameter holding a comma-separated list of paths, e.g.
     * {@code files.blacklists} ({@link LibraryConfig#BLACKLISTS}).
     */
    static List<Path> paths(FunctionContext context, String key) {
        return Arrays.stream(context.getJobParameter(key, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}
