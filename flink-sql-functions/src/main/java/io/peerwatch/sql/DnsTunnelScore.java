package io.peerwatch.sql;

import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.proto.DnsTunnelNames;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code dns_tunnel_score(query_name STRING [, qtype INT]) -> INT}: how many of the DNS-tunnel
 * signature's reasons one query for this name has (0 to 5: record type NULL or private use,
 * encoder bytes, a long high-entropy label, a long name, a TXT query with a long name; see
 * {@link DnsTunnelNames}); the query type defaults to A. 0 for an ordinary name, NULL for NULL.
 * {@code dns_tunnel_reasons} lists the reasons. One name is weak evidence: the signature alerts
 * on repeated suspicious queries to one domain, or on a strong reason.
 */
public final class DnsTunnelScore extends ScalarFunction {

    /** The number of reasons, for a query of type A. */
    public Integer eval(String queryName) {
        return eval(queryName, DnsTunnelNames.QTYPE_A);
    }

    /** The number of reasons, for a query of this type. */
    public Integer eval(String queryName, Integer qtype) {
        if (queryName == null || qtype == null) {
            return null;
        }
        return DnsTunnelNames.reasons(queryName, qtype, SignatureConfig.defaults()).size();
    }
}
