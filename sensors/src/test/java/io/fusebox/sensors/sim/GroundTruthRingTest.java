package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundTruthRingTest
{
    @Test
    void keepsTheTruthOfEachRecordedTimeUntilLappedAndNeverAnotherTimes()
    {
        final RigSimulator simulator = new RigSimulator(RigLoader.loadDefault(), ScenarioCatalog.byName("cut-in"), 1, 0);
        final GroundTruth truth = simulator.world().groundTruth();
        final GroundTruthRing ring = new GroundTruthRing(4, simulator.world().scenario().actorCount());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES]);
        final long[] times = new long[6];
        final double[] firstActorX = new double[6];
        for (int k = 0; k < 6; k++)
        {
            while (simulator.nextCaptureTimeNs() < (k + 1) * 100_000_000L)
            {
                simulator.encodeNext(buffer, 0);
            }
            times[k] = truth.timeNs();
            firstActorX[k] = truth.vehicleX(0);
            ring.record(times[k], truth);
        }
        final GroundTruthFrame frame = new GroundTruthFrame(simulator.world().scenario().actorCount());
        // Capacity 4: the two oldest are gone.
        assertFalse(ring.copyAt(times[0], frame));
        assertFalse(ring.copyAt(times[1], frame));
        for (int k = 2; k < 6; k++)
        {
            assertTrue(ring.copyAt(times[k], frame), "frame " + k);
            assertEquals(times[k], frame.timeNs());
            assertEquals(truth.actorCount(), frame.actorCount());
            assertEquals(firstActorX[k], frame.vehicleX(0), 0.0);
        }
        assertFalse(ring.copyAt(times[5] + 1, frame), "no frame for a time never recorded");
    }
}
