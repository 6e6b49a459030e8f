package io.fusebox.runtime.sequencer;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publish, sequence and read the fusion input for the whole rig on the test thread, with message time
 * stepped by hand, and show that once warm the three allocate nothing.
 */
class SteadyStateAllocationTest
{
    private static final long START_NS = 10_000_000_000L;
    private static final long STEP_NS = 1_000_000L;

    private long nowNs = START_NS;
    private long consumed;

    @Test
    void publishSequenceAndReadAllocateNothingOnceWarm()
    {
        final Rig rig = RigLoader.loadDefault();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final EpochNanoClock clock = () -> nowNs;
        final FusionInputReader reader = new FusionInputReader();
        final FragmentHandler consumer = (buffer, offset, length, header) ->
        {
            if (reader.wrap(buffer, offset, length) && reader.globalSequence() == consumed)
            {
                consumed++;
            }
        };

        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            Subscription fusionInput = bus.addFusionInputSubscription())
        {
            final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS);
            final RigPublisher publisher = new RigPublisher(bus, source, clock);
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());

            // Warm up: three seconds of message time in the same shape of call as the measured one, so the JIT has
            // compiled the paths and seen every loop exit (a first exit in compiled code deoptimises, and
            // deoptimising rematerialises scalar-replaced objects on this thread's account).
            for (int i = 0; i < 6; i++)
            {
                run(publisher, sequencer, fusionInput, consumer, 500);
            }

            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long threadId = Thread.currentThread().getId();
            // Several windows, each with every kind of sensor in it: a path that allocated per message would show in
            // all of them. A deoptimisation in one window (rematerialising a few scalar-replaced objects, seen up to
            // ~5 KB; with -XX:-DoEscapeAnalysis always 0) is the JIT, not the path, so the quietest window decides.
            final long[] allocated = new long[5];
            long fewest = Long.MAX_VALUE;
            for (int w = 0; w < allocated.length; w++)
            {
                final long consumedBefore = consumed;
                final long before = threads.getThreadAllocatedBytes(threadId);
                run(publisher, sequencer, fusionInput, consumer, 500);
                allocated[w] = threads.getThreadAllocatedBytes(threadId) - before;
                fewest = Math.min(fewest, allocated[w]);
                assertEquals(1180, consumed - consumedBefore, "half a second of the rig in window " + w);
            }
            System.out.println("steady state, bytes allocated per half second of the rig (1180 messages published, " +
                "sequenced and read): " + java.util.Arrays.toString(allocated));
            assertEquals(sequencer.nextGlobalSequence(), consumed, "read every message in order");
            assertEquals(0, fewest, java.util.Arrays.toString(allocated));
            publisher.onClose();
            sequencer.onClose();
        }
        assertEquals(List.of(), errors);
    }

    private void run(
        final RigPublisher publisher,
        final Sequencer sequencer,
        final Subscription fusionInput,
        final FragmentHandler consumer,
        final int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            nowNs += STEP_NS;
            int work;
            do
            {
                work = publisher.doWork() + sequencer.doWork() + fusionInput.poll(consumer, 64);
            }
            while (work > 0 || publisher.pendingCount() > 0);
        }
    }
}
