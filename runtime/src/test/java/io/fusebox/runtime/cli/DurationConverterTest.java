package io.fusebox.runtime.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest
{
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheUnitsPeopleType()
    {
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
    }

    @Test
    void rejectsWhatIsNotADuration()
    {
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("30"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("-1s"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("fast"));
    }
}
