package io.fusebox.runtime.cli;

import org.agrona.concurrent.OffsetEpochNanoClock;
import picocli.CommandLine.Option;

/**
 * {@code --start-at}: the sensor-clock instant a drive starts, the same on every board of a rig spread over
 * several (clocks synchronised by PTP), so each board's simulated sensors tell the same drive.
 */
final class BoardClockOptions
{
    @Option(names = "--start-at", paramLabel = "EPOCH_NS",
        description = "sensor clock (ns since the epoch, PTP-synchronised across boards) of the drive's start")
    Long startAtNs;

    /**
     * @return ns from now to the start given, or {@code defaultDelayNs} when none was.
     */
    long startDelayNs(final long defaultDelayNs)
    {
        return null == startAtNs ? defaultDelayNs : startAtNs - new OffsetEpochNanoClock().nanoTime();
    }
}
