package io.fusebox.runtime.cli;

import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.rig.SensorSelection;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sensors' board of a rig spread over two: publishes the simulated sensors whose channel in the rig is
 * UDP, towards the board that runs the Sequencer and fusion (which publishes the IPC ones itself).
 */
@Command(name = "sensors", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the sensors' side of a rig spread over boards: simulate the scenario and publish every " +
        "sensor whose channel in the rig is UDP, from a start time both boards agree on.")
final class SensorsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--rig", paramLabel = "FILE", required = true,
        description = "rig file whose sensors' channels name the fusion board (aeron:udp?endpoint=HOST:PORT)")
    Path rigFile;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "highway-cruise",
        description = "scenario to drive (default: ${DEFAULT-VALUE}); the fusion board drives the same")
    String scenario;

    @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    BoardClockOptions boardClock;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
        description = "how long to publish, e.g. 30s (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--profile", defaultValue = "${sys:fusebox.profile:-laptop}",
        description = "laptop or thor (default: ${DEFAULT-VALUE})")
    String profile;

    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Rig rig = RigLoader.load(rigFile);
        final Scenario world = ScenarioCatalog.byName(scenario);
        final long sensorMask = SensorSelection.udpSensorMask(rig);
        if (0 == sensorMask)
        {
            throw new IllegalArgumentException(rigFile + ": no sensor's channel is UDP, so this board has none to publish");
        }

        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final long startNs = clock.nanoTime() + boardClock.startDelayNs(TimeUnit.SECONDS.toNanos(1));
        final long endNs = startNs + duration.toNanos();
        final AtomicBoolean running = new AtomicBoolean(true);
        try (ShutdownSignalBarrier ignore = new ShutdownSignalBarrier(() -> running.set(false));
            Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.fromName(profile)).sensorPublicationMask(sensorMask)))
        {
            final RigPublisher publisher = new RigPublisher(
                bus, new SensorSelection(new RigSimulator(rig, world, seed, startNs), sensorMask), clock);
            try (AgentThreads threads = AgentThreads.start(
                bus, bus.context().profile().newDueTimeIdleStrategy(clock, publisher::nextDueNs), publisher))
            {
                out.printf(Locale.ROOT, "sensors: publishing %d of %d sensors of %s (%s, seed %d) from %d for %.1f s%n",
                    Long.bitCount(sensorMask), rig.sensorCount(), rig.name(), world.name(), seed, startNs,
                    duration.toNanos() / 1e9);
                out.flush();
                while (running.get() && clock.nanoTime() < endNs)
                {
                    TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(100, (endNs - clock.nanoTime()) / 1_000_000)));
                }
                // Read before the threads close: the publisher's counters go with it.
                printCounters(out, rig, sensorMask, bus);
            }
        }
        return 0;
    }

    private static void printCounters(final PrintWriter out, final Rig rig, final long sensorMask, final Bus bus)
    {
        final CountersReader counters = bus.countersReader();
        long published = 0;
        long backPressure = 0;
        long notConnected = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            if (0 != (sensorMask & (1L << i)))
            {
                final int id = rig.sensor(i).id();
                published += BusCounters.value(counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, id);
                backPressure += BusCounters.value(counters, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, id);
                notConnected += BusCounters.value(counters, BusCounters.PUBLISHER_NOT_CONNECTED_TYPE_ID, id);
            }
        }
        out.printf("sensors: published %d messages; held back by back pressure %d, by no subscriber %d; errors %d%n",
            published, backPressure, notConnected, bus.errorCounter().get());
        out.flush();
    }
}
