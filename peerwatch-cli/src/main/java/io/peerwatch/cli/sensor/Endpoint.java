package io.peerwatch.cli.sensor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** Parses {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (all interfaces) into a socket address. */
final class Endpoint implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw bad(value);
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        if (port < 0 || port > 65535) {
            throw bad(value);
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host),
                    port);
        } catch (UnknownHostException e) {
            throw new CommandLine.TypeConversionException("unknown host '" + host + "' in '" + value + "'");
        }
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (examples: 127.0.0.1:2055, "
                + "0.0.0.0:2055, [::]:4739)");
    }
}
