package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensorFailureTest
{
    private static final long CLOCK_BASE_NS = 1_000_000_000_000L;

    @Test
    void failedSensorsFallSilentAtTheirTimeAndTheRestCarryOn()
    {
        final Rig rig = RigLoader.loadDefault();
        final Scenario scenario = ScenarioCatalog.byName("sensor-failure");
        assertEquals(List.of(new SensorFailure(21, 10.0), new SensorFailure(1, 10.0), new SensorFailure(2, 10.0)),
            scenario.sensorFailures());
        final RigSimulator simulator = new RigSimulator(rig, scenario, 3, CLOCK_BASE_NS);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RigLoader.MAX_SENSOR_MESSAGE_BYTES]);
        final long[] last = new long[rig.sensorCount()];
        final long endNs = CLOCK_BASE_NS + 12_000_000_000L;
        while (simulator.nextCaptureTimeNs() < endNs)
        {
            last[simulator.nextSensorIndex()] = simulator.nextCaptureTimeNs();
            simulator.encodeNext(buffer, 0);
        }
        final long failNs = CLOCK_BASE_NS + 10_000_000_000L;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            final int id = rig.sensor(i).id();
            if (id == 21 || id == 1 || id == 2)
            {
                assertTrue(last[i] < failNs && last[i] > failNs - 100_000_000L, "sensor " + id + " last at " + last[i]);
            }
            else
            {
                assertTrue(last[i] > endNs - 200_000_000L, "sensor " + id + " still talking, last at " + last[i]);
            }
        }
    }
}
