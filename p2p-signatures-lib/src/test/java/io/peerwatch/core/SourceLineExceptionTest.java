package io.peerwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.filetype.FileSizeRulesFormatException;
import io.peerwatch.flowfile.FlowFileException;
import io.peerwatch.ports.PortTableFormatException;
import io.peerwatch.zeek.ZeekLogException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The readers' exceptions keep their messages, accessors and checked/unchecked nature on the shared bases. */
class SourceLineExceptionTest {

    @Test
    void checkedReaderExceptionsNameSourceLineAndReason() {
        for (SourceLineException e : new SourceLineException[] {
                new FlowFileException("flows.csv", 17, "bad source address"),
                new ZeekLogException("flows.csv", 17, "bad source address")}) {
            assertThat(e).isInstanceOf(IOException.class).hasMessage("flows.csv:17: bad source address");
            assertThat(e.source()).isEqualTo("flows.csv");
            assertThat(e.line()).isEqualTo(17L);
            assertThat(e.reason()).isEqualTo("bad source address");
        }
        assertThat(new FlowFileException("x.pcap", 0, "cannot read")).hasMessage("x.pcap: cannot read");
        assertThat(new ZeekLogException("conn.log", 0, "empty file")).hasMessage("conn.log: empty file");
    }

    @Test
    void uncheckedFormatExceptionsAlwaysNameTheLine() {
        for (SourceLineFormatException e : new SourceLineFormatException[] {
                new PortTableFormatException("ports.txt", 2, "bad port"),
                new FileSizeRulesFormatException("ports.txt", 2, "bad port")}) {
            assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("ports.txt:2: bad port");
            assertThat(e.source()).isEqualTo("ports.txt");
            assertThat(e.line()).isEqualTo(2);
        }
    }
}
