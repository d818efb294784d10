package io.peerwatch.job.types;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/**
 * Flink type information of every library type that travels between the job's operators or
 * sits in its state: the one place operators take their {@code returns(...)} and state
 * descriptor types from.
 */
public final class LibraryTypes {

    private LibraryTypes() {
    }

    /** Flow records (NetFlow/IPFIX, flow files, flows derived from packets). */
    public static final TypeInformation<FlowRecord> FLOW_RECORD = TypeInformation.of(FlowRecord.class);
    /** Proxy-log requests. */
    public static final TypeInformation<ProxyRecord> PROXY_RECORD = TypeInformation.of(ProxyRecord.class);
    /** Packet events. */
    public static final TypeInformation<PacketEvent> PACKET_EVENT = TypeInformation.of(PacketEvent.class);
    /** Alerts, before and after suppression. */
    public static final TypeInformation<Alert> ALERT = TypeInformation.of(Alert.class);
    /** Input the job could not use. */
    public static final TypeInformation<DeadLetter> DEAD_LETTER = TypeInformation.of(DeadLetter.class);

    /** A decoded input value, or the dead letter of an input that could not be decoded. */
    public static <T> TypeInformation<Either<T, DeadLetter>> decoded(TypeInformation<T> value) {
        return new EitherTypeInfo<>(value, DEAD_LETTER);
    }
}
