package io.peerwatch.job.types;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/**
 * Flink type information of every library type that travels between the job's operators or
 * sits in its state: the one place operators take their {@code returns(...)} and state
 * descriptor types from. Types with a library binary form are serialized by it
 * ({@link LibraryTypeInfo}, {@link LibrarySerializer}), and this class is also where a restored
 * checkpoint finds their serializers again ({@link #serializer}).
 */
public final class LibraryTypes {

    /** Serializers of the types with a library binary form, by type (filled before the fields below). */
    private static final Map<Class<?>, LibrarySerializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

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
    /** The packet operator's key: a flow's direction-free key. */
    public static final LibraryTypeInfo<CanonicalFlowKey> FLOW_KEY = register(new LibrarySerializer<>(
            CanonicalFlowKey.class, CanonicalFlowKey::writeTo, CanonicalFlowKey::readFrom, true));
    /** The packet operator's keyed state: the library's per-flow state, engine scratch included. */
    public static final LibraryTypeInfo<FlowState> FLOW_STATE = register(new LibrarySerializer<>(
            FlowState.class, FlowState::writeTo, FlowState::readFrom, false));
    /** Ended packet flows with their verdicts. */
    public static final LibraryTypeInfo<Flow> FLOW = register(new LibrarySerializer<>(
            Flow.class, Flow::writeTo, Flow::readFrom, true));

    /** A decoded input value, or the dead letter of an input that could not be decoded. */
    public static <T> TypeInformation<Either<T, DeadLetter>> decoded(TypeInformation<T> value) {
        return new EitherTypeInfo<>(value, DEAD_LETTER);
    }

    private static <T> LibraryTypeInfo<T> register(LibrarySerializer<T> serializer) {
        SERIALIZERS.put(serializer.type(), serializer);
        return new LibraryTypeInfo<>(serializer);
    }

    /**
     * The serializer of a library type with a binary form, for restoring checkpoints.
     *
     * @throws IllegalStateException when the type has none here
     */
    @SuppressWarnings("unchecked")
    public static <T> LibrarySerializer<T> serializer(Class<T> type) {
        LibrarySerializer<?> s = SERIALIZERS.get(type);
        if (s == null) {
            throw new IllegalStateException("no library serializer for " + type.getName());
        }
        return (LibrarySerializer<T>) s;
    }
}
