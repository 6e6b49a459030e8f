package io.fusebox.sensors.sim;

import org.agrona.MutableDirectBuffer;

/**
 * One simulated sensor: samples the world (already advanced to the capture time) and encodes
 * its message, SBE header included.
 */
interface SensorModel
{
    /**
     * @return encoded length, bytes.
     */
    int encode(MutableDirectBuffer buffer, int offset, long simTimeNs, long sequence);
}
