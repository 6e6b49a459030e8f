package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, encoding allocates nothing: measured with the JVM's per-thread allocation
 * counter, which counts bytes, not time, so the bound is not at the mercy of a busy machine.
 */
class RigSimulatorAllocationTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long BOUND_BYTES = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = { "urban-intersection", "parking", "cut-in" })
    void encodingAllocatesNothingAfterWarmUp(final String scenario)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final Rig rig = RigLoader.loadDefault();
        final UnsafeBuffer buffer = TestRigs.buffer();
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName(scenario), 5, 0);
        while (simulator.nextCaptureTimeNs() < 2 * SECOND_NS)
        {
            simulator.encodeNext(buffer, 0);
        }
        final long before = threads.getThreadAllocatedBytes(thread);
        long messages = 0;
        while (simulator.nextCaptureTimeNs() < 6 * SECOND_NS)
        {
            simulator.encodeNext(buffer, 0);
            messages++;
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        System.out.printf("allocation %-20s %d bytes over %d messages (4 simulated seconds after 2 s warm-up)%n",
            scenario, allocated, messages);
        assertTrue(allocated < BOUND_BYTES, scenario + ": allocated " + allocated + " bytes over " + messages + " messages");
    }
}
