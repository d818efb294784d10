package io.peerwatch.cli;

import io.peerwatch.config.ValueType;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses durations the way operators type them, with a unit: {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT1M} (the same rule as the
 * configuration file, {@link ValueType#parseDuration}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws CommandLine.TypeConversionException naming the text */
    public static Duration parse(String value) {
        try {
            return ValueType.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
