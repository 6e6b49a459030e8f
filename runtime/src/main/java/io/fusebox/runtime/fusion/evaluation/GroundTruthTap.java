package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.sim.GroundTruthRing;
import io.fusebox.sensors.sim.RigSimulator;
import org.agrona.MutableDirectBuffer;

/**
 * Passes a simulator's messages through and keeps its ground truth at the instants world models describe, for
 * scoring them later ({@link GroundTruthScoreAgent}, or a lock-step run): fusion's world model of each period is
 * valid at a multiple of the period (its tick), the first after its first input, and then at each tick with an
 * input before it since the previous one. The simulator emits in capture-time order, so right after the last
 * message before a tick is encoded the world is sampled at exactly the tick.
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
        if (Long.MIN_VALUE == nextTickNs)
        {
            nextTickNs = nextTick(source.nextCaptureTimeNs());
        }
        final int length = source.encodeNext(buffer, offset);
        final long nextCaptureTimeNs = source.nextCaptureTimeNs();
        if (nextCaptureTimeNs >= nextTickNs)
        {
            // This is the last message before the tick, and fusion may publish the tick's world model as soon as
            // it is in: the truth is kept now, before the message is sent.
            ring.record(nextTickNs, simulator.groundTruthAt(nextTickNs));
            // After a gap fusion's next tick is the first past its next input, as here.
            nextTickNs = Long.MAX_VALUE == nextCaptureTimeNs ? Long.MAX_VALUE : nextTick(nextCaptureTimeNs);
        }
        return length;
    }

    private long nextTick(final long timeNs)
    {
        return (Math.floorDiv(timeNs, periodNs) + 1) * periodNs;
    }
}
