package io.peerwatch.cli.sensor;

import java.util.Locale;
import picocli.CommandLine;

/** Parses byte sizes: {@code 4194304}, {@code 512k}, {@code 4m}, {@code 4MiB}, {@code 1g} (binary units). */
final class ByteSize implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits.trim()) * unit;
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a byte size (examples: 4194304, 4m, 512k)");
        }
    }
}
