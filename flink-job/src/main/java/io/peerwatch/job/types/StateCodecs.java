package io.peerwatch.job.types;

import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.IcmpTunnelDetector;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pCorroborationDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelWindow;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.volume.LinkTrend;
import io.peerwatch.volume.VolumeBaseline;
import io.peerwatch.volume.VolumeMeter;
import io.peerwatch.volume.VolumeWindow;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.job.operators.HostFlowWindows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.StreamCorruptedException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Codecs of the library's mutable state (window accumulators, volume meters): the library's own
 * versioned binary form ({@code writeTo}/{@code readFrom}, which carries its own format version
 * and bounds what it reads), behind format version 1 of the serializer; and of the job's state
 * made of them ({@link HostFlowWindows}).
 */
public final class StateCodecs {

    private StateCodecs() {
    }

    /** {@link PortActivityDetector.Window}. */
    public static final class PortActivityWindows implements LibraryCodec<PortActivityDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<PortActivityDetector.Window> type() {
            return PortActivityDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(PortActivityDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public PortActivityDetector.Window read(DataInputView in, int version) throws IOException {
            return PortActivityDetector.Window.readFrom(in);
        }
    }

    /** {@link P2pBehaviourDetector.Window}. */
    public static final class P2pBehaviourWindows implements LibraryCodec<P2pBehaviourDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<P2pBehaviourDetector.Window> type() {
            return P2pBehaviourDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(P2pBehaviourDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public P2pBehaviourDetector.Window read(DataInputView in, int version) throws IOException {
            return P2pBehaviourDetector.Window.readFrom(in);
        }
    }

    /** {@link InternalScanDetector.Window}. */
    public static final class InternalScanWindows implements LibraryCodec<InternalScanDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<InternalScanDetector.Window> type() {
            return InternalScanDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(InternalScanDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public InternalScanDetector.Window read(DataInputView in, int version) throws IOException {
            return InternalScanDetector.Window.readFrom(in);
        }
    }

    /**
     * {@link HostFlowWindows}, the flow-window operator's state: the number of open windows, then
     * per window its detector ({@link FlowWindows.Kind} ordinal), start, end and accumulator (in
     * the accumulator's own serializer format, version byte first, so each evolves on its own).
     */
    public static final class HostFlowWindowsCodec implements LibraryCodec<HostFlowWindows> {
        private static final long serialVersionUID = 1L;
        /** More windows than any host holds (a few per detector): a larger count is corrupt input. */
        private static final int MAX_WINDOWS = 1 << 16;

        @Override
        public Class<HostFlowWindows> type() {
            return HostFlowWindows.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @SuppressWarnings("unchecked")
        private static LibrarySerializer<Object> accumulator(FlowWindows.Kind kind) {
            return new LibrarySerializer<>(((LibraryTypeInfo<Object>) kind.accumulatorType()).codec());
        }

        @Override
        public void write(HostFlowWindows w, DataOutputView out) throws IOException {
            out.writeInt(w.open().size());
            for (HostFlowWindows.Open o : w.open()) {
                out.writeByte(o.kind().ordinal());
                out.writeLong(o.start());
                out.writeLong(o.end());
                accumulator(o.kind()).serialize(o.accumulator(), out);
            }
        }

        @Override
        public HostFlowWindows read(DataInputView in, int version) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_WINDOWS) {
                throw new StreamCorruptedException("implausible number of open flow windows: " + n);
            }
            HostFlowWindows w = new HostFlowWindows();
            FlowWindows.Kind[] kinds = FlowWindows.Kind.values(); // not in a static: Kind's types are in LibraryTypes
            for (int i = 0; i < n; i++) {
                int kind = in.readUnsignedByte();
                if (kind >= kinds.length) {
                    throw new StreamCorruptedException("unknown flow-window detector " + kind);
                }
                long start = in.readLong();
                long end = in.readLong();
                Object acc = accumulator(kinds[kind]).deserialize(in);
                try {
                    w.add(new HostFlowWindows.Open(kinds[kind], start, end, acc));
                } catch (IllegalArgumentException e) {
                    throw new StreamCorruptedException("corrupt flow window: " + e.getMessage());
                }
            }
            return w;
        }
    }

    /** {@link TunnelWindow}. */
    public static final class TunnelWindows implements LibraryCodec<TunnelWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<TunnelWindow> type() {
            return TunnelWindow.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(TunnelWindow w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public TunnelWindow read(DataInputView in, int version) throws IOException {
            return TunnelWindow.readFrom(in);
        }
    }

    /** {@link VolumeMeter}. */
    public static final class VolumeMeters implements LibraryCodec<VolumeMeter> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<VolumeMeter> type() {
            return VolumeMeter.class;
        }

        @Override
        public int version() {
            return 2; // 2: the meter counts its billing month (VolumeMeter format 2); 1 is read as a meter without one
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(VolumeMeter m, DataOutputView out) throws IOException {
            m.writeTo(out);
        }

        @Override
        public VolumeMeter read(DataInputView in, int version) throws IOException {
            return VolumeMeter.readFrom(in);
        }
    }

    /** {@link VolumeWindow}: a subject's or the site's volume in a window (accumulator and value). */
    public static final class VolumeWindows extends WrittenFormCodec<VolumeWindow> {
        private static final long serialVersionUID = 1L;

        public VolumeWindows() {
            super(VolumeWindow.class, false);
        }

        @Override
        protected void writeTo(VolumeWindow value, DataOutput out) throws IOException {
            value.writeTo(out);
        }

        @Override
        protected VolumeWindow readFrom(DataInput in) throws IOException {
            return VolumeWindow.readFrom(in);
        }
    }

    /** {@link VolumeBaseline}: a subject's or the site's learned baseline. */
    public static final class VolumeBaselines extends WrittenFormCodec<VolumeBaseline> {
        private static final long serialVersionUID = 1L;

        public VolumeBaselines() {
            super(VolumeBaseline.class, false);
        }

        @Override
        protected void writeTo(VolumeBaseline value, DataOutput out) throws IOException {
            value.writeTo(out);
        }

        @Override
        protected VolumeBaseline readFrom(DataInput in) throws IOException {
            return VolumeBaseline.readFrom(in);
        }
    }

    /** {@link LinkTrend}: the link's recent utilisation. */
    public static final class LinkTrends extends WrittenFormCodec<LinkTrend> {
        private static final long serialVersionUID = 1L;

        public LinkTrends() {
            super(LinkTrend.class, false);
        }

        @Override
        protected void writeTo(LinkTrend value, DataOutput out) throws IOException {
            value.writeTo(out);
        }

        @Override
        protected LinkTrend readFrom(DataInput in) throws IOException {
            return LinkTrend.readFrom(in);
        }
    }

    /** {@link CanonicalFlowKey}: the packet operator's key. */
    public static final class FlowKeys implements LibraryCodec<CanonicalFlowKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<CanonicalFlowKey> type() {
            return CanonicalFlowKey.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(CanonicalFlowKey k, DataOutputView out) throws IOException {
            k.writeTo(out);
        }

        @Override
        public CanonicalFlowKey read(DataInputView in, int version) throws IOException {
            return CanonicalFlowKey.readFrom(in);
        }

        @Override
        public boolean keyType() {
            return true;
        }
    }

    /** {@link FlowState}: the packet operator's keyed state, engine scratch included. */
    public static final class FlowStates implements LibraryCodec<FlowState> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<FlowState> type() {
            return FlowState.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(FlowState s, DataOutputView out) throws IOException {
            s.writeTo(out);
        }

        @Override
        public FlowState read(DataInputView in, int version) throws IOException {
            return FlowState.readFrom(in);
        }
    }

    /** {@link Flow}: an ended packet flow with its verdict. */
    public static final class Flows implements LibraryCodec<Flow> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<Flow> type() {
            return Flow.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(Flow f, DataOutputView out) throws IOException {
            f.writeTo(out);
        }

        @Override
        public Flow read(DataInputView in, int version) throws IOException {
            return Flow.readFrom(in);
        }
    }

    /** {@link DnsTunnelDetector.Window}. */
    public static final class DnsTunnelWindows implements LibraryCodec<DnsTunnelDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<DnsTunnelDetector.Window> type() {
            return DnsTunnelDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(DnsTunnelDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public DnsTunnelDetector.Window read(DataInputView in, int version) throws IOException {
            return DnsTunnelDetector.Window.readFrom(in);
        }
    }

    /** {@link IcmpTunnelDetector.Window}. */
    public static final class IcmpTunnelWindows implements LibraryCodec<IcmpTunnelDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<IcmpTunnelDetector.Window> type() {
            return IcmpTunnelDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(IcmpTunnelDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public IcmpTunnelDetector.Window read(DataInputView in, int version) throws IOException {
            return IcmpTunnelDetector.Window.readFrom(in);
        }
    }

    /** {@link P2pCorroborationDetector.Window}. */
    public static final class P2pCorroborationWindows implements LibraryCodec<P2pCorroborationDetector.Window> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<P2pCorroborationDetector.Window> type() {
            return P2pCorroborationDetector.Window.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public void write(P2pCorroborationDetector.Window w, DataOutputView out) throws IOException {
            w.writeTo(out);
        }

        @Override
        public P2pCorroborationDetector.Window read(DataInputView in, int version) throws IOException {
            return P2pCorroborationDetector.Window.readFrom(in);
        }
    }
}
