package io.peerwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void parsesAndFormatsIpv4() {
        IpAddress a = IpAddress.parse("198.18.0.10");
        assertThat(a.isV4()).isTrue();
        assertThat(a.toString()).isEqualTo("198.18.0.10");
        assertThat(a.v4Value()).isEqualTo(0xC612000A);
        assertThat(IpAddress.ofV4(0xC612000A)).isEqualTo(a);
    }

    @Test
    void formatsIpv6PerRfc5952() {
        assertThat(IpAddress.parse("2001:db8:0:0:0:0:2:1").toString()).isEqualTo("2001:db8::2:1");
        assertThat(IpAddress.parse("2001:db8:0:1:1:1:1:1").toString()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddress.parse("2001:0:0:1:0:0:0:1").toString()).isEqualTo("2001:0:0:1::1");
        assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
        assertThat(IpAddress.parse("::1").toString()).isEqualTo("::1");
        assertThat(IpAddress.parse("fe80::1:2").toString()).isEqualTo("fe80::1:2");
        assertThat(IpAddress.parse("::ffff:192.0.2.1").toBytes()).hasSize(16);
    }

    @Test
    void agreesWithTheJdkOnRandomIpv6() throws Exception {
        Random rnd = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[16];
            for (int k = 0; k < 16; k++) {
                b[k] = rnd.nextInt(3) == 0 ? 0 : (byte) rnd.nextInt(256);
            }
            IpAddress a = IpAddress.of(b);
            assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
            assertThat(InetAddress.getByName(a.toString()).getAddress()).isEqualTo(b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "a.b.c.d", "1::2::3", "1:2:3:4:5:6:7:8:9",
            "12345::", "example.com", "::g"})
    void rejectsNonLiterals(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderingAndEquality() {
        assertThat(IpAddress.parse("10.0.0.10")).isGreaterThan(IpAddress.parse("10.0.0.2"));
        assertThat(IpAddress.parse("200.0.0.1")).as("unsigned bytes").isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
        assertThat(IpAddress.parse("10.0.0.1")).hasSameHashCodeAs(IpAddress.parse("10.0.0.1"));
        assertThatThrownBy(() -> IpAddress.of(new byte[5])).hasMessageContaining("4 or 16");
    }

    /**
     * ofV4 reuses recently made addresses (a direct-mapped cache): whatever the cache holds, and
     * from several threads at once, each call gives the address of its own value and its text.
     */
    @Test
    void ofV4GivesItsOwnValueWhateverTheCacheHolds() throws Exception {
        Runnable check = () -> {
            java.util.Random r = new java.util.Random(Thread.currentThread().getId());
            for (int i = 0; i < 200_000; i++) {
                // few distinct values, so slots are both hit and overwritten by colliding values
                int v = r.nextInt(20_000) * 7919;
                IpAddress a = IpAddress.ofV4(v);
                if (a.v4Value() != v || !a.toString().equals(((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "."
                        + ((v >>> 8) & 0xff) + "." + (v & 0xff))) {
                    throw new AssertionError("ofV4(" + v + ") gave " + a);
                }
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                runs.add(pool.submit(check));
            }
            for (java.util.concurrent.Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        IpAddress a = IpAddress.ofV4(0x0a000001);
        assertThat(IpAddress.ofV4(0x0a000001)).isEqualTo(a).hasToString("10.0.0.1");
    }
}
