package io.fusebox.runtime.cli;

import picocli.CommandLine;

import java.time.Duration;

/**
 * Durations as people type them: {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1.5s}, {@code 1h}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    public Duration convert(final String value)
    {
        final String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        final String[][] units = { { "ms", "1e6" }, { "us", "1e3" }, { "ns", "1" }, { "s", "1e9" }, { "m", "60e9" },
            { "h", "3600e9" } };
        for (final String[] unit : units)
        {
            if (text.endsWith(unit[0]))
            {
                final String number = text.substring(0, text.length() - unit[0].length());
                try
                {
                    final double amount = Double.parseDouble(number);
                    if (!(amount >= 0) || Double.isInfinite(amount))
                    {
                        break;
                    }
                    return Duration.ofNanos(Math.round(amount * Double.parseDouble(unit[1])));
                }
                catch (final NumberFormatException ex)
                {
                    break;
                }
            }
        }
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration (use e.g. 30s, 2m, 500ms)");
    }
}
