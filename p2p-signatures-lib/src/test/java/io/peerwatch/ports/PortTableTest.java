package io.peerwatch.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpProtocol;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortTableTest {

    private final PortTable t = PortTable.defaults();

    @Test
    void defaultsHoldThePapersTablePlusBitTorrent() {
        assertThat(t.lookup(Transport.TCP, 411).orElseThrow().application()).isEqualTo("DirectConnect");
        assertThat(t.lookup(Transport.UDP, 412).orElseThrow().application()).isEqualTo("DirectConnect");
        for (int p : new int[] {1214, 1285, 1299, 1331, 1337, 3135, 3136, 3137}) {
            assertThat(t.lookup(Transport.TCP, p).orElseThrow().application()).as("port %d", p).isEqualTo("KaZaA");
        }
        assertThat(t.lookup(Transport.TCP, 6346).orElseThrow().application()).isEqualTo("Gnutella");
        assertThat(t.lookup(Transport.TCP, 6347).orElseThrow().application()).isEqualTo("Gnutella");
        assertThat(t.lookup(Transport.TCP, 6257).orElseThrow().application()).isEqualTo("WinMX");
        assertThat(t.lookup(Transport.TCP, 6699).orElseThrow().application()).isEqualTo("WinMX");
        assertThat(t.lookup(Transport.TCP, 4661).orElseThrow().application()).isEqualTo("eDonkey");
        assertThat(t.lookup(Transport.TCP, 4662).orElseThrow().application()).isEqualTo("eDonkey");
        assertThat(t.lookup(Transport.UDP, 4672).orElseThrow().application()).isEqualTo("eDonkey");
        assertThat(t.lookup(Transport.TCP, 4672)).as("4672 is UDP only").isEmpty();
        assertThat(t.lookup(Transport.TCP, 5665).orElseThrow().application()).isEqualTo("Filetopia");
        for (int p = 6881; p <= 6889; p++) {
            assertThat(t.lookup(Transport.TCP, p).orElseThrow().application()).isEqualTo("BitTorrent");
        }
        assertThat(t.lookup(Transport.TCP, 6890)).isEmpty();
        assertThat(t.lookup(Transport.TCP, 6969).orElseThrow().application()).isEqualTo("BitTorrent-tracker");
        assertThat(t.lookup(Transport.TCP, 443)).isEmpty();
        assertThat(t.contains(IpProtocol.TCP, 6881)).isTrue();
        assertThat(t.contains(IpProtocol.ICMP, 6881)).isFalse();
        assertThat(t.contains(IpProtocol.UDP, 70000)).isFalse();
    }

    @Test
    void userFileExtendsOrReplaces(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("site.txt");
        Files.writeString(f, "# site additions\nSoulseek tcp 2234,2240-2242  # peers\nBitTorrent tcp 51413\n");
        PortTable user = PortTable.load(f);
        assertThat(user.entries()).hasSize(3);
        PortTable ext = t.extendedWith(user);
        assertThat(ext.lookup(Transport.TCP, 2241).orElseThrow().application()).isEqualTo("Soulseek");
        assertThat(ext.lookup(Transport.TCP, 51413).orElseThrow().application()).isEqualTo("BitTorrent");
        assertThat(ext.lookup(Transport.TCP, 6346)).isPresent();
        assertThat(user.lookup(Transport.TCP, 6346)).as("replacement drops the defaults").isEmpty();
    }

    @Test
    void badLinesNameSourceAndLine() {
        assertThatThrownBy(() -> PortTable.parse(new StringReader("ok tcp 1\nbad line\n"), "x.txt"))
                .isInstanceOf(PortTableFormatException.class).hasMessage("x.txt:2: expected '<application> <tcp|udp|tcp/udp> <ports>', got 2 fields");
        assertThatThrownBy(() -> PortTable.parse(new StringReader("a sctp 1\n"), "y"))
                .hasMessageStartingWith("y:1: unknown transport 'sctp'");
        assertThatThrownBy(() -> PortTable.parse(new StringReader("a tcp 70000\n"), "z"))
                .hasMessageStartingWith("z:1: bad port range");
        assertThatThrownBy(() -> PortTable.parse(new StringReader("a tcp 9-3\n"), "z"))
                .hasMessageStartingWith("z:1: bad port range");
        assertThatThrownBy(() -> PortTable.parse(new StringReader("a tcp x\n"), "z"))
                .hasMessageStartingWith("z:1: bad port number");
    }
}
