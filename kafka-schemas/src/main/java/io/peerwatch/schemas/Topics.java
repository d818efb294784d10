package io.peerwatch.schemas;

import java.util.List;

/** Default topic names (DESIGN.md, Data flow); every one is configurable in the job. */
public final class Topics {
    /** Packet events from sensors ({@link PacketEvent}). */
    public static final String PACKETS = "peerwatch.packets";
    /** Flow records from collectors and files ({@link FlowRecord}). */
    public static final String FLOWS = "peerwatch.flows";
    /** Proxy log records ({@link ProxyRecord}). */
    public static final String PROXY = "peerwatch.proxy";
    /** Alerts in Avro ({@link Alert}). */
    public static final String ALERTS = "peerwatch.alerts";
    /** The same alerts as Elastic Common Schema JSON, for SIEMs. */
    public static final String ALERTS_JSON = "peerwatch.alerts.json";
    /** ArcSight CEF alerts (one CEF line per record, key = alert id). */
    public static final String ALERTS_CEF = "peerwatch.alerts.cef";
    /** Records that could not be used ({@link DeadLetter}). */
    public static final String DEADLETTER = "peerwatch.deadletter";

    /** Every default topic. */
    public static final List<String> ALL = List.of(PACKETS, FLOWS, PROXY, ALERTS, ALERTS_JSON, ALERTS_CEF, DEADLETTER);

    private Topics() {
    }
}
