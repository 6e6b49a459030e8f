package io.fusebox.runtime.control;

import io.aeron.ExclusivePublication;
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
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.agrona.CloseHelper;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane on a real bus (embedded media driver) with a real HTTP server: what the REST API, the metrics
 * and the WebSocket show is what was published on the bus and counted in its counters, and a slow client loses
 * frames without holding anything else up.
 */
class ControlPlaneTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String TOKEN = "control-plane-test-token-0123";

    private final Rig rig = RigLoader.loadDefault();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final BusMessages messages = new BusMessages();
    private Bus bus;
    private ControlPlane controlPlane;
    private ControlPlaneClient client;
    private ExclusivePublication worldModels;
    private ExclusivePublication trajectories;
    private ExclusivePublication health;

    @BeforeEach
    void launch()
    {
        bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP).errorHandler(errors::add));
        worldModels = bus.addWorldModelPublication();
        trajectories = bus.addTrajectoryPublication();
        health = bus.addHealthPublication();
    }

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(controlPlane, health, trajectories, worldModels, bus);
        assertEquals(List.of(), errors);
    }

    private void start(final ControlPlaneContext context)
    {
        controlPlane = ControlPlane.launch(bus, context.authToken(TOKEN).configuration(Map.of("scenario", "test")));
        client = ControlPlaneClient.of(controlPlane);
    }

    @Test
    void restApiShowsTheRigAndTheSensorCountersOfTheBus() throws Exception
    {
        start(new ControlPlaneContext());
        // A real publisher and sequencer move 300 ms of the whole rig, so every sensor's counters have moved.
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final long startNs = clock.nanoTime();
        final RigPublisher publisher = new RigPublisher(bus, new SyntheticRigSource(rig, startNs,
            startNs + TimeUnit.MILLISECONDS.toNanos(300)), clock);
        final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
        try (Subscription fusionInput = bus.addFusionInputSubscription();
            AgentThreads ignore = AgentThreads.start(bus, publisher, sequencer))
        {
            Await.until(publisher::isDone, () -> fusionInput.poll((buffer, offset, length, header) -> { }, 64),
                TIMEOUT, () -> "the synthetic rig published");
            Await.until(() -> forwarded() == published(), () -> fusionInput.poll((b, o, l, h) -> { }, 64),
                TIMEOUT, () -> "the sequencer forwarded everything");
            // The counters are read while their agents still run: an agent closes its counters with it.
            assertRestApi();
        }
    }

    private void assertRestApi() throws Exception
    {

        final JsonObject rigJson = client.getJson("/api/rig");
        assertEquals(rig.name(), rigJson.getString("name"));
        assertEquals(rig.text(), rigJson.getString("text"));
        assertEquals(rig.sensorCount(), rigJson.getJsonArray("sensors").size());

        final JsonArray sensors = client.getJson("/api/sensors").getJsonArray("sensors");
        assertEquals(rig.sensorCount(), sensors.size());
        final CountersReader counters = bus.countersReader();
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            final JsonObject json = sensors.getJsonObject(i);
            assertEquals(sensor.id(), json.getInteger("id"));
            assertEquals(sensor.name(), json.getString("name"));
            final long forwarded = BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, sensor.id());
            assertTrue(forwarded > 0, sensor.name());
            assertEquals(forwarded, json.getLong("forwarded"), sensor.name());
            assertEquals(BusCounters.value(counters, BusCounters.SEQUENCER_BYTES_TYPE_ID, sensor.id()),
                json.getLong("bytes"), sensor.name());
            assertEquals(0L, json.getLong("gaps"), sensor.name());
        }

        // No fusion and no planner on this bus: said so, not shown as zeros.
        final JsonObject fusion = client.getJson("/api/fusion");
        assertFalse(fusion.getBoolean("running"));
        assertNull(fusion.getLong("worldModels"));
        assertFalse(client.getJson("/api/planner").getBoolean("running"));

        final JsonObject config = client.getJson("/api/config");
        assertEquals("test", config.getString("scenario"));
        assertEquals("127.0.0.1", config.getJsonObject("controlPlane").getString("host"));
        assertFalse(config.encode().contains(TOKEN), "the token is never shown");

        final HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        final int lidar = rig.indexOf(31);
        assertTrue(metrics.body().contains("fusebox_sensor_forwarded_total{kind=\"lidar\",sensor=\"lidar_roof\"} " +
            (double)BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, rig.sensor(lidar).id())),
            metrics.body());
        assertTrue(metrics.body().contains("jvm_gc_"), "GC figures");
        assertTrue(metrics.body().contains("fusebox_world_model_latency_seconds{percentile=\"99.9\"}"));
    }

    @Test
    void webSocketStreamsTheNewestWorldModelTrajectoryAndHealthAsJson() throws Exception
    {
        start(new ControlPlaneContext());
        final ControlPlaneClient.Frames frames = client.openWebSocket(client.base(), true);
        final long captureNs = new SystemEpochNanoClock().nanoTime() - TimeUnit.MILLISECONDS.toNanos(5);
        for (int sequence = 1; sequence <= 5; sequence++)
        {
            messages.publish(worldModels, messages.worldModel(sequence, captureNs, sequence));
        }
        messages.publish(trajectories, messages.trajectory(9, captureNs, 20));
        messages.publish(health, messages.health(rig, captureNs));

        Await.until(() -> null != frames.last("worldModel") && 5 == frames.last("worldModel").getLong("seq") &&
            null != frames.last("trajectory") && null != frames.last("health"), TIMEOUT, () -> frames.received + "");

        // Only the newest is sent, once: at 10 Hz a client never sees a backlog.
        assertTrue(frames.ofType("worldModel").size() <= 5);
        final JsonObject model = frames.last("worldModel");
        final JsonArray objects = model.getJsonArray("objects");
        assertEquals(5, objects.size());
        final JsonObject truck = objects.getJsonObject(0);
        assertEquals(100, truck.getInteger("id"));
        assertEquals("TRUCK", truck.getString("cls"));
        assertEquals("CONFIRMED", truck.getString("status"));
        assertEquals(10.0, truck.getDouble("x"));
        assertEquals(-3.5, truck.getDouble("y"));
        assertEquals(4.5, truck.getDouble("l"));
        assertEquals(1.88, truck.getDouble("w"));
        assertEquals(0.25, truck.getDouble("yaw"));
        assertEquals(2.0, truck.getDouble("vx"));
        assertEquals(0.5, truck.getDouble("vy"));
        assertEquals("CAR", objects.getJsonObject(1).getString("cls"));
        assertEquals(27.5, model.getJsonObject("ego").getDouble("speed"));

        final JsonObject grid = model.getJsonObject("grid");
        assertEquals(BusMessages.GRID_CELLS, grid.getInteger("nx"));
        assertEquals(0.5, grid.getDouble("cell"));
        final byte[] cells = Base64.getDecoder().decode(grid.getString("data"));
        assertEquals(BusMessages.GRID_CELLS * BusMessages.GRID_CELLS, cells.length);
        assertEquals(0, cells[0]);
        assertEquals((byte)255, cells[80]);

        final JsonObject trajectory = frames.last("trajectory");
        assertEquals("FOLLOW", trajectory.getString("maneuver"));
        assertEquals(20, trajectory.getJsonArray("points").size());
        assertEquals(new JsonArray(List.of(0.5, 5, 0, 25)), trajectory.getJsonArray("points").getJsonArray(5));

        final JsonArray sensors = frames.last("health").getJsonArray("sensors");
        assertEquals(rig.sensorCount(), sensors.size());
        assertEquals(new JsonArray(List.of(rig.sensor(0).id(), rig.sensor(0).kind().name(), "SILENT", 1000, 0)),
            sensors.getJsonArray(0));
        assertEquals("OK", sensors.getJsonArray(1).getString(2));

        // Latency: each message's age at the control plane, from its newest capture time, once a second.
        Await.until(() -> null != frames.last("latency") &&
            frames.last("latency").getJsonObject("worldModel").getLong("count") > 0, TIMEOUT, () -> "latency frame");
        final JsonObject latency = frames.last("latency").getJsonObject("worldModel");
        assertTrue(latency.getLong("p50Us") >= 5_000, latency.encode());
        assertTrue(latency.getLong("maxUs") >= latency.getLong("p50Us"), latency.encode());

        final JsonObject status = client.getJson("/api/status");
        assertEquals(5L, status.getLong("worldModels"));
        assertEquals(1L, status.getLong("trajectories"));
        assertEquals(1, status.getInteger("clients"));
        frames.close();
    }

    @Test
    void aStuckClientLosesFramesWhileTheBusAndOtherClientsGoOn() throws Exception
    {
        start(new ControlPlaneContext().streamRateHz(60).clientQueueBytes(4096));
        final ControlPlaneClient.Frames stuck = client.openWebSocket(client.base(), false);
        final ControlPlaneClient.Frames healthy = client.openWebSocket(client.base(), true);

        long published = 0;
        final long deadlineNs = System.nanoTime() + TIMEOUT.toNanos() * 3;
        int healthyAtFirstDrop = -1;
        while (System.nanoTime() < deadlineNs)
        {
            messages.publish(worldModels, messages.worldModel(++published, 0, 50));
            if (healthyAtFirstDrop < 0 && controlPlane.framesDropped() > 0)
            {
                healthyAtFirstDrop = healthy.ofType("worldModel").size();
            }
            if (healthyAtFirstDrop >= 0 && healthy.ofType("worldModel").size() > healthyAtFirstDrop + 20)
            {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertTrue(healthyAtFirstDrop >= 0, "the stuck client never lost a frame");
        assertTrue(healthy.ofType("worldModel").size() > healthyAtFirstDrop + 20,
            "the healthy client stopped receiving when the stuck one filled up");
        // The tap took every message off the bus: fusion's publication never waited on the dashboard.
        final long sent = published;
        Await.until(() -> sent == BusCounters.value(bus.countersReader(), LatestMessageTap.MESSAGES_TYPE_ID,
            rig.bus().worldModelStreamId()), TIMEOUT, () -> "the tap took all " + sent);
        assertTrue(stuck.received.isEmpty());
        assertTrue(client.getJson("/api/status").getLong("framesDropped") > 0);
        stuck.close();
        healthy.close();
    }

    @Test
    void malformedMessagesOnTheStreamsAreCountedAndDropped() throws Exception
    {
        start(new ControlPlaneContext());
        final ControlPlaneClient.Frames frames = client.openWebSocket(client.base(), true);
        // A trajectory on the world-model stream, and a truncated world model.
        messages.publish(worldModels, messages.trajectory(1, 0, 3));
        final int length = messages.worldModel(2, 0, 4);
        messages.publish(worldModels, length - 100);
        messages.publish(worldModels, messages.worldModel(3, 0, 2));

        Await.until(() -> null != frames.last("worldModel"), TIMEOUT, () -> "a world model frame");
        assertEquals(3L, frames.last("worldModel").getLong("seq"));
        assertEquals(2L, BusCounters.value(bus.countersReader(), LatestMessageTap.MALFORMED_TYPE_ID,
            rig.bus().worldModelStreamId()));
        assertEquals(1L, BusCounters.value(bus.countersReader(), LatestMessageTap.MESSAGES_TYPE_ID,
            rig.bus().worldModelStreamId()));
        frames.close();
    }

    private long forwarded()
    {
        return sum(BusCounters.SEQUENCER_MESSAGES_TYPE_ID);
    }

    private long published()
    {
        return sum(BusCounters.PUBLISHER_MESSAGES_TYPE_ID);
    }

    private long sum(final int typeId)
    {
        long total = 0;
        for (final SensorConfig sensor : rig.sensors())
        {
            total += BusCounters.value(bus.countersReader(), typeId, sensor.id());
        }
        return total;
    }
}
