package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.sim.GroundTruthRing;
import io.fusebox.sensors.sim.RigSimulator;
import org.agrona.MutableDirectBuffer;

/**
 * Passes a simulator's messages through and keeps its ground truth at the instants world models describe, for
 * scoring them later ({@link GroundTruthScoreAgent}, or a lock-step run): fusion's world model of each period is
 * valid at a multiple of the period (a tick), the first after its first input, and the simulator emits in
 * capture-time order, so before the first message at or past a tick goes out the world is advanced to the tick
 * and sampled there.
 * Allocation-free; runs on the thread that steps the simulator.
 */
public final class GroundTruthTap implements SensorMessageSource
{
    private final SensorMessageSource source;
    private final RigSimulator simulator;
    private final GroundTruthRing ring;
    private final long periodNs;
    private long nextTickNs = Long.MIN_VALUE;

    /**
     * @param source    what is published: the simulator, or a wrapper of it that steps it.
     * @param simulator whose world the source steps.
     * @param ring      where the frames go.
     * @param periodNs  fusion's world-model period.
     */
    public GroundTruthTap(
        final SensorMessageSource source, final RigSimulator simulator, final GroundTruthRing ring, final long periodNs)
    {
        this.source = source;
        this.simulator = simulator;
        this.ring = ring;
        this.periodNs = periodNs;
    }

    public long nextCaptureTimeNs()
    {
        return source.nextCaptureTimeNs();
    }

    public int nextSensorIndex()
    {
        return source.nextSensorIndex();
    }

    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final long captureTimeNs = source.nextCaptureTimeNs();
        if (Long.MIN_VALUE == nextTickNs)
        {
            // Fusion's first tick is the first after its first input.
            nextTickNs = (Math.floorDiv(captureTimeNs, periodNs) + 1) * periodNs;
        }
        while (captureTimeNs >= nextTickNs)
        {
            simulator.advanceWorldTo(nextTickNs);
            ring.record(nextTickNs, simulator.world().groundTruth());
            nextTickNs += periodNs;
        }
        return source.encodeNext(buffer, offset);
    }
}
