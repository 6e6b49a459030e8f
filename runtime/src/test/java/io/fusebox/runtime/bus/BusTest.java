package io.fusebox.runtime.bus;

import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.FusionInputCollector;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long START_NS = 1_000_000_000L;
    private static final long DURATION_NS = 200_000_000L;

    private final Rig rig = RigLoader.loadDefault();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Test
    void externalDriverCarriesTheRigAndShowsTheCountersToAnOutsideReader(@TempDir final Path tempDir)
    {
        final String driverDir = tempDir.resolve("external-driver").toString();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(driverDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)))
        {
            final SyntheticRigSource source = new SyntheticRigSource(rig, START_NS, START_NS + DURATION_NS);
            final long total = totalMessages(source);
            final FusionInputCollector collector = new FusionInputCollector();
            try (Bus bus = Bus.launch(new BusContext()
                .rig(rig)
                .profile(Profile.LAPTOP)
                .embeddedDriver(false)
                .aeronDirectoryName(driverDir)
                .errorHandler(errors::add));
                Subscription fusionInput = bus.addFusionInputSubscription())
            {
                assertNull(bus.driver());
                assertEquals(driverDir, bus.aeronDirectoryName());
                final EpochNanoClock clock = new FixedStartClock(START_NS);
                final RigPublisher publisher = new RigPublisher(bus, source, clock);
                final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
                try (AgentThreads ignore = AgentThreads.start(bus, publisher, sequencer))
                {
                    Await.until(() -> collector.count() >= total, () -> collector.poll(fusionInput, 256), TIMEOUT,
                        () -> collector.count() + " of " + total);

                    // Read as AeronStat would: the CnC file, no client.
                    try (ExternalCounters outside = ExternalCounters.open(driverDir))
                    {
                        final CountersReader counters = outside.countersReader();
                        long sequenced = 0;
                        for (final SensorConfig sensor : rig.sensors())
                        {
                            sequenced += BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, sensor.id());
                        }
                        assertEquals(total, sequenced);
                        final int lidar = rig.sensors().stream()
                            .filter((sensor) -> sensor.name().equals("lidar_roof")).findFirst().orElseThrow().id();
                        final int counterId = BusCounters.findCounterId(
                            counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, lidar);
                        assertEquals("fusebox sensor 31 lidar_roof: messages published", counters.getCounterLabel(counterId));
                        assertEquals(total, BusCounters.value(
                            counters, BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID, rig.bus().fusionInputStreamId()));
                    }
                }
            }
            assertEquals(total, collector.count());
            assertNull(collector.firstProblem());
            assertTrue(new File(driverDir).exists(), "the bus leaves an external driver's directory alone");
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void closingReleasesEverythingAndRemovesTheEmbeddedDriverDirectory()
    {
        final Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
        final File dir = new File(bus.aeronDirectoryName());
        assertTrue(dir.isDirectory());
        assertTrue(bus.context().isAeronDirectoryGenerated());

        final Subscription fusionInput = bus.addFusionInputSubscription();
        final EpochNanoClock clock = new FixedStartClock(START_NS);
        final RigPublisher publisher = new RigPublisher(
            bus, new SyntheticRigSource(rig, START_NS, START_NS + DURATION_NS), clock);
        final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
        final AgentThreads threads = AgentThreads.start(bus, publisher, sequencer);
        final FusionInputCollector collector = new FusionInputCollector();
        Await.until(() -> collector.count() > 100, () -> collector.poll(fusionInput, 64), TIMEOUT, () -> "traffic");
        final int sequencerCounterId = BusCounters.findCounterId(
            bus.countersReader(), BusCounters.SEQUENCER_MESSAGES_TYPE_ID, rig.sensor(0).id());
        assertNotEquals(CountersReader.NULL_COUNTER_ID, sequencerCounterId);

        final List<Thread> agentThreads = threads.threads();
        threads.close();
        assertTrue(threads.isClosed());
        for (final Thread thread : agentThreads)
        {
            assertFalse(thread.isAlive(), thread.getName());
        }
        // The agents closed their counters: the driver frees them.
        Await.until(
            () -> CountersReader.NULL_COUNTER_ID == BusCounters.findCounterId(
                bus.countersReader(), BusCounters.SEQUENCER_MESSAGES_TYPE_ID, rig.sensor(0).id()),
            TIMEOUT,
            () -> "sequencer counters freed");

        bus.close();
        assertTrue(bus.isClosed());
        assertTrue(bus.aeron().isClosed());
        assertTrue(fusionInput.isClosed());
        assertTrue(bus.sensorPublication(0).isClosed());
        assertFalse(dir.exists(), "embedded driver directory removed: " + dir);
        bus.close();
        assertEquals(List.of(), errors);
    }

    @Test
    void laptopSharesOneThreadAndBoardGivesEachAgentItsOwn()
    {
        final AtomicInteger cycles = new AtomicInteger();
        final List<Agent> agents = List.of(new CountingAgent("a", cycles), new CountingAgent("b", cycles),
            new CountingAgent("c", cycles));
        final List<String> names = new CopyOnWriteArrayList<>();
        try (AgentThreads laptop = AgentThreads.start(Profile.LAPTOP, errors::add, null, Thread::new, agents))
        {
            assertEquals(List.of("[a,b,c]"), laptop.threadRoleNames());
            Await.until(() -> cycles.get() > 30, TIMEOUT, () -> "laptop duty cycles");
        }
        cycles.set(0);
        try (AgentThreads board = AgentThreads.start(Profile.BOARD, errors::add, null, (runnable) -> new Thread(() ->
            {
                // Where a board deployment pins the thread: its name is the agent's role by now.
                names.add(Thread.currentThread().getName());
                runnable.run();
            }), agents))
        {
            assertEquals(List.of("a", "b", "c"), board.threadRoleNames());
            Await.until(() -> cycles.get() > 30 && names.size() == 3, TIMEOUT, () -> "board duty cycles");
        }
        assertEquals(List.of("a", "b", "c"), names.stream().sorted().toList());
        for (final Agent agent : agents)
        {
            assertEquals(2, ((CountingAgent)agent).closes, agent.roleName() + " closed by each run");
        }
        assertEquals(List.of(), errors);
    }

    private long totalMessages(final SyntheticRigSource source)
    {
        long total = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            total += source.messageCountBefore(i, Long.MAX_VALUE - 1);
        }
        return total;
    }

    /**
     * Real time from a chosen start, so message time begins when the test does.
     */
    private static final class FixedStartClock implements EpochNanoClock
    {
        private final long startNs;
        private final long origin = System.nanoTime();

        FixedStartClock(final long startNs)
        {
            this.startNs = startNs;
        }

        public long nanoTime()
        {
            return startNs + System.nanoTime() - origin;
        }
    }

    private static final class CountingAgent implements Agent
    {
        private final String name;
        private final AtomicInteger cycles;
        private volatile int closes;

        CountingAgent(final String name, final AtomicInteger cycles)
        {
            this.name = name;
            this.cycles = cycles;
        }

        public int doWork()
        {
            cycles.incrementAndGet();
            return 0;
        }

        public void onClose()
        {
            closes++;
        }

        public String roleName()
        {
            return name;
        }
    }
}
