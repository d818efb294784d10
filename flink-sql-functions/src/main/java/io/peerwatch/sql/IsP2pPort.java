package io.peerwatch.sql;

import io.peerwatch.config.LibraryConfig;
import io.peerwatch.ports.PortTable;
import java.nio.file.Path;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code is_p2p_port(port INT, ip_proto INT) -> BOOLEAN}: whether the port is in the P2P port
 * table (the paper's firewall table plus BitTorrent) for that IP protocol (6 TCP, 17 UDP); NULL
 * for NULL arguments. A site table from the job parameter {@code files.port-table} extends the
 * built-in one, or replaces it when {@code files.replace-port-table} is {@code true}, as in the job.
 */
public final class IsP2pPort extends ScalarFunction {

    private transient PortTable table;

    @Override
    public void open(FunctionContext context) {
        String site = PeerWatchFunctions.path(context, LibraryConfig.PORT_TABLE.name());
        boolean replace = Boolean.parseBoolean(context.getJobParameter(LibraryConfig.REPLACE_PORT_TABLE.name(), "false"));
        if (site.isEmpty()) {
            table = PortTable.defaults();
        } else {
            PortTable own = PortTable.load(Path.of(site));
            table = replace ? own : PortTable.defaults().extendedWith(own);
        }
    }

    /** True when the table lists the port for the protocol. */
    public Boolean eval(Integer port, Integer ipProto) {
        if (port == null || ipProto == null) {
            return null;
        }
        PortTable t = table == null ? PortTable.defaults() : table;
        return t.contains(ipProto, port);
    }
}
