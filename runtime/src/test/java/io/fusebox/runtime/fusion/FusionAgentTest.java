package io.fusebox.runtime.fusion;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.runtime.testing.Await;
import io.fusebox.runtime.testing.ScaledClock;
import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fusion live on a real embedded media driver: the simulated rig through the rig publisher and the
 * sequencer into the fusion agent, world models and health reports out on their own streams to a
 * subscriber here. One radar falls silent for a second: it is reported degraded while fusion
 * carries on, and OK again once it talks.
 */
class FusionAgentTest
{
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long SILENT_FROM_NS = START_NS + 3 * SECOND_NS / 2;
    private static final long SILENT_TO_NS = START_NS + 5 * SECOND_NS / 2;
    private static final long END_NS = START_NS + 4 * SECOND_NS;
    private static final int RADAR_ID = 21;
    private static final long PERIOD_NS = FusionContext.WORLD_MODEL_PERIOD_DEFAULT_NS;

    @Test
    void worldModelsAndHealthOnTheBusWithASensorSilencedAndBack()
    {
        final Rig rig = RigLoader.loadDefault();
        final int radar = rig.indexOf(RADAR_ID);
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<long[]> worldModels = new ArrayList<>();
        final List<Object[]> reports = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final WorldModelDecoder worldModel = new WorldModelDecoder();
        final SensorHealthDecoder health = new SensorHealthDecoder();
        final FragmentAssembler worldModelAssembler = new FragmentAssembler((buffer, offset, length, h) ->
        {
            header.wrap(buffer, offset);
            worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            long confirmed = 0;
            for (final WorldModelDecoder.ObjectsDecoder object : worldModel.objects())
            {
                confirmed += object.status() == TrackStatus.CONFIRMED ? 1 : 0;
            }
            worldModels.add(new long[]{ worldModel.timeNs(), worldModel.sequence(), worldModel.missingSensors(), confirmed });
        });
        final FragmentAssembler healthAssembler = new FragmentAssembler((buffer, offset, length, h) ->
        {
            header.wrap(buffer, offset);
            health.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            HealthState radarState = null;
            int othersNotOk = 0;
            for (final SensorHealthDecoder.SensorsDecoder sensor : health.sensors())
            {
                if (sensor.sensorId() == RADAR_ID)
                {
                    radarState = sensor.state();
                }
                else if (sensor.state() != HealthState.OK)
                {
                    othersNotOk++;
                }
            }
            reports.add(new Object[]{ health.timeNs(), radarState, othersNotOk });
        });

        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
            Subscription worldModelSubscription = bus.addWorldModelSubscription();
            Subscription healthSubscription = bus.addHealthSubscription())
        {
            final ScaledClock clock = new ScaledClock(START_NS, 1);
            final SilencedSource source = new SilencedSource(
                new RigSimulator(rig, ScenarioCatalog.byName("highway-cruise"), 3, START_NS),
                radar, SILENT_FROM_NS, SILENT_TO_NS, END_NS);
            final RigPublisher publisher = new RigPublisher(bus, source, clock);
            final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
            final FusionAgent fusion = new FusionAgent(bus, new FusionContext());
            try (AgentThreads pipeline = AgentThreads.start(bus, sequencer, fusion);
                AgentThreads sensors = AgentThreads.start(bus, publisher))
            {
                assertEquals(List.of("[sequencer,fusion]"), pipeline.threadRoleNames());
                Await.until(
                    () -> !worldModels.isEmpty() && worldModels.get(worldModels.size() - 1)[0] >= END_NS - 150_000_000L &&
                        reports.size() >= worldModels.size(),
                    () -> worldModelSubscription.poll(worldModelAssembler, 16) + healthSubscription.poll(healthAssembler, 16),
                    Duration.ofSeconds(30),
                    () -> worldModels.size() + " world models, " + reports.size() + " health reports");

                final CountersReader counters = bus.countersReader();
                final int streamId = rig.bus().worldModelStreamId();
                final long published = BusCounters.value(counters, FusionCounters.WORLD_MODELS_TYPE_ID, streamId);
                System.out.printf("fusion agent: %d world models, %d inputs, %d late, %d window overflows, " +
                    "%d back pressure, %d silenced radar messages%n", published,
                    BusCounters.value(counters, FusionCounters.INPUTS_TYPE_ID, streamId),
                    BusCounters.value(counters, FusionCounters.LATE_TYPE_ID, streamId),
                    BusCounters.value(counters, FusionCounters.WINDOW_OVERFLOWS_TYPE_ID, streamId),
                    BusCounters.value(counters, FusionCounters.BACK_PRESSURE_TYPE_ID, streamId), source.skipped());
                // Late inputs depend on how far the shared pipeline thread falls behind (JIT warm-up, a busy
                // machine): counted and dropped, so here only printed.
                System.out.printf("late LiDAR sectors %d, worst lateness %.1f ms%n",
                    fusion.engine().late(rig.indexOf(31)), fusion.engine().maxLatenessNs() / 1e6);
                assertTrue(published >= worldModels.size());
                assertEquals(0, BusCounters.value(counters, FusionCounters.MALFORMED_TYPE_ID, streamId));
                assertTrue(source.skipped() >= 19);
            }
        }

        assertEquals(List.of(), errors);
        assertTrue(worldModels.size() >= 38, "world models " + worldModels.size());
        for (int i = 0; i < worldModels.size(); i++)
        {
            final long[] model = worldModels.get(i);
            assertEquals(i, model[1], "world-model sequence contiguous from 0");
            // Due at each 100 ms tick of capture time, valid at the first input applied from the tick on: a
            // moment after it (longer when late inputs around the tick were dropped), and never a tick missed.
            final long tick = Math.floorDiv(model[0], PERIOD_NS) * PERIOD_NS;
            assertTrue(model[0] - tick < 20_000_000L, "world model " + (model[0] - tick) + " ns past its tick");
            if (i > 0)
            {
                assertEquals(PERIOD_NS, tick - Math.floorDiv(worldModels.get(i - 1)[0], PERIOD_NS) * PERIOD_NS, "cadence");
            }
            final long t = model[0] - START_NS;
            if (t > SECOND_NS)
            {
                assertTrue(model[3] > 0, "confirmed objects at " + t);
            }
        }
        int degraded = 0;
        int recovered = 0;
        for (int i = 0; i < reports.size(); i++)
        {
            final long time = (long)reports.get(i)[0];
            final HealthState state = (HealthState)reports.get(i)[1];
            assertEquals(0, (int)reports.get(i)[2], "other sensors OK at " + time);
            final boolean missing = (worldModels.get(i)[2] & (1L << radar)) != 0;
            if (time > SILENT_FROM_NS + 160_000_000L && time < SILENT_TO_NS)
            {
                assertEquals(HealthState.DEGRADED, state, "silent radar at " + (time - START_NS));
                assertTrue(missing);
                degraded++;
            }
            else if (time < SILENT_FROM_NS + 140_000_000L || time > SILENT_TO_NS + 10_000_000L)
            {
                assertEquals(HealthState.OK, state, "radar at " + (time - START_NS));
                recovered += time > SILENT_TO_NS ? 1 : 0;
            }
        }
        assertTrue(degraded >= 7, "degraded reports " + degraded);
        assertTrue(recovered >= 10, "reports after it came back " + recovered);
    }
}
