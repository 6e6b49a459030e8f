package io.fusebox.runtime.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code --from} and {@code --to}: a stretch of a recorded drive, measured from its first fusion input.
 * Shared by every command that reads part of a drive log.
 */
final class DriveWindowOptions
{
    @Option(names = "--from", paramLabel = "TIME", converter = DurationConverter.class,
        description = "start this far into the drive (from its first fusion input), e.g. 12.5s")
    Duration from;

    @Option(names = "--to", paramLabel = "TIME", converter = DurationConverter.class,
        description = "stop this far into the drive, e.g. 40s")
    Duration to;

    long fromNs()
    {
        return null == from ? 0 : from.toNanos();
    }

    long toNs()
    {
        return null == to ? Long.MAX_VALUE : to.toNanos();
    }
}
