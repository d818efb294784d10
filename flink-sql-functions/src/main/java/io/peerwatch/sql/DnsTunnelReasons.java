package io.peerwatch.sql;

import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.proto.DnsTunnelNames;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * {@code dns_tunnel_reasons(query_name STRING [, qtype INT])}: a table function with one row
 * {@code (reason STRING)} per DNS-tunnel reason of the name ({@link DnsTunnelNames}: {@code
 * record-type}, {@code encoded}, {@code entropy}, {@code long-name}, {@code long-txt}), none for an
 * ordinary name. Use it with {@code LATERAL TABLE(dns_tunnel_reasons(query_name))}.
 */
@FunctionHint(output = @DataTypeHint("ROW<reason STRING>"))
public final class DnsTunnelReasons extends TableFunction<Row> {

    /** Emits the reasons of a query of type A. */
    public void eval(String queryName) {
        eval(queryName, DnsTunnelNames.QTYPE_A);
    }

    /** Emits the reasons of a query of this type. */
    public void eval(String queryName, Integer qtype) {
        if (queryName == null || qtype == null) {
            return;
        }
        for (String reason : DnsTunnelNames.reasons(queryName, qtype, SignatureConfig.defaults())) {
            collect(Row.of(reason));
        }
    }
}
