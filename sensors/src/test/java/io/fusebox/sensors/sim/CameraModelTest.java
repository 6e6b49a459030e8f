package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.rig.CameraSpec;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CameraModelTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final UnsafeBuffer buffer = TestRigs.buffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CameraFrameDecoder frame = new CameraFrameDecoder();
    private final Rig rig = TestRigs.clean();

    @FunctionalInterface
    interface FrameConsumer
    {
        void accept(SensorConfig camera, CameraFrameDecoder frame, GroundTruth truth);
    }

    private void forEachFrame(final Scenario scene, final long untilNs, final FrameConsumer consumer)
    {
        final RigSimulator simulator = new RigSimulator(rig, scene, 11, 0);
        while (simulator.nextCaptureTimeNs() < untilNs)
        {
            final SensorConfig sensor = rig.sensor(simulator.nextSensorIndex());
            simulator.encodeNext(buffer, 0);
            if (sensor.camera() != null)
            {
                header.wrap(buffer, 0);
                frame.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                consumer.accept(sensor, frame, simulator.world().groundTruth());
            }
        }
    }

    @Test
    void anObjectBehindAFrontCameraIsNotDetected()
    {
        final ScenarioBuilder builder = TestRigs.straightRoad(0);
        builder.place(ActorType.CAR, 100 - 14, -1.85, 0);
        final Map<String, int[]> framesWithObjects = new HashMap<>();
        forEachFrame(builder.build("car-behind", "a car behind the ego"), SECOND_NS, (camera, frame, truth) ->
        {
            final int objects = frame.objects().count();
            framesWithObjects.computeIfAbsent(camera.name(), ignore -> new int[2])[0]++;
            framesWithObjects.get(camera.name())[1] += objects > 0 ? 1 : 0;
        });
        for (final String front : new String[]{ "cam_front_wide", "cam_front_tele", "cam_front_mid", "cam_surround_front" })
        {
            assertEquals(0, framesWithObjects.get(front)[1], front + " saw the car behind the ego");
        }
        for (final String rear : new String[]{ "cam_rear", "cam_surround_rear" })
        {
            final int[] counts = framesWithObjects.get(rear);
            assertTrue(counts[1] > counts[0] / 2, rear + " should see the car behind in most frames: " + counts[1] + "/" + counts[0]);
        }
    }

    @Test
    void anObjectFullyBehindAnotherIsNotDetected()
    {
        final ScenarioBuilder builder = TestRigs.straightRoad(0);
        builder.place(ActorType.TRUCK, 125, -1.85, 0);
        builder.place(ActorType.CAR, 145, -1.85, 0);
        final int[] truckSeen = new int[2];
        forEachFrame(builder.build("hidden-car", "a car right behind a truck"), 2 * SECOND_NS, (camera, frame, truth) ->
        {
            if (camera.mount().yaw() != 0)
            {
                return;
            }
            final double[] hidden = TestRigs.worldToSensor(camera.mount(), truth.egoX(), truth.egoY(), truth.egoYaw(),
                145, -1.85, ActorType.CAR.heightM / 2);
            final double[] truckImage = project(camera, truth,
                new double[]{ 125, -1.85, 0, ActorType.TRUCK.lengthM, ActorType.TRUCK.widthM, ActorType.TRUCK.heightM });
            boolean sawTruck = false;
            for (final CameraFrameDecoder.ObjectsDecoder object : frame.objects())
            {
                if (object.hasBox3d() == BooleanType.TRUE)
                {
                    final double dx = object.box3d().x() - hidden[0];
                    final double dy = object.box3d().y() - hidden[1];
                    assertTrue(Math.hypot(dx, dy) > 8, camera.name() + " detected the hidden car");
                }
                // The hidden car would project to a box a quarter of the truck's height.
                final double height = object.box2d().y2() - object.box2d().y1();
                assertTrue(height > 0.8 * (truckImage[3] - truckImage[1]), camera.name() + " detected something small");
                sawTruck = true;
            }
            if (camera.name().equals("cam_front_wide"))
            {
                truckSeen[0]++;
                truckSeen[1] += sawTruck ? 1 : 0;
            }
        });
        assertTrue(truckSeen[1] > truckSeen[0] / 2, "the truck is seen: " + truckSeen[1] + "/" + truckSeen[0]);
    }

    @Test
    void boxesAreTheProjectionOfTheTrueBoxPlusNoise()
    {
        final ScenarioBuilder builder = TestRigs.straightRoad(8);
        builder.place(ActorType.CAR, 130, -6.5, 0.3);
        builder.place(ActorType.PEDESTRIAN, 118, 3.0, 1.2);
        final double[][] boxes = {
            { 130, -6.5, 0.3, ActorType.CAR.lengthM, ActorType.CAR.widthM, ActorType.CAR.heightM },
            { 118, 3.0, 1.2, ActorType.PEDESTRIAN.lengthM, ActorType.PEDESTRIAN.widthM, ActorType.PEDESTRIAN.heightM } };
        final int[] matched = new int[3];
        forEachFrame(builder.build("two-objects", "a car and a pedestrian ahead"), SECOND_NS, (camera, frame, truth) ->
        {
            final CameraSpec spec = camera.camera();
            for (final CameraFrameDecoder.ObjectsDecoder object : frame.objects())
            {
                // Find the true box this detection is of: the one whose projected box it overlaps most.
                double best = 0;
                double[] bestBox = null;
                double[] bestProjection = null;
                for (final double[] box : boxes)
                {
                    final double[] projection = project(camera, truth, box);
                    if (projection == null)
                    {
                        continue;
                    }
                    final double overlap = overlap(projection, object.box2d().x1(), object.box2d().y1(),
                        object.box2d().x2(), object.box2d().y2());
                    if (overlap > best)
                    {
                        best = overlap;
                        bestBox = box;
                        bestProjection = projection;
                    }
                }
                assertTrue(best > 0, camera.name() + ": a detection of nothing");
                final double tolerance = 6 * spec.pixelStd() + 1;
                assertEquals(bestProjection[0], object.box2d().x1(), tolerance, camera.name() + " x1");
                assertEquals(bestProjection[1], object.box2d().y1(), tolerance, camera.name() + " y1");
                assertEquals(bestProjection[2], object.box2d().x2(), tolerance, camera.name() + " x2");
                assertEquals(bestProjection[3], object.box2d().y2(), tolerance, camera.name() + " y2");
                matched[0]++;
                if (object.hasBox3d() == BooleanType.TRUE)
                {
                    final double[] centre = TestRigs.worldToSensor(camera.mount(), truth.egoX(), truth.egoY(),
                        truth.egoYaw(), bestBox[0], bestBox[1], bestBox[5] / 2);
                    final double range = Math.sqrt(centre[0] * centre[0] + centre[1] * centre[1] + centre[2] * centre[2]);
                    final double error = Math.sqrt(Math.pow(object.box3d().x() - centre[0], 2) +
                        Math.pow(object.box3d().y() - centre[1], 2) + Math.pow(object.box3d().z() - centre[2], 2));
                    assertTrue(error < 5 * spec.depthStdFraction() * range + 0.05,
                        camera.name() + ": 3D box off by " + error + " m at " + range + " m");
                    assertEquals(bestBox[3], object.box3d().length(), 0.25 * bestBox[3]);
                    matched[1]++;
                }
                matched[2] += object.objectClass() == (bestBox == boxes[0] ? ObjectClass.CAR : ObjectClass.PEDESTRIAN) ? 1 : 0;
            }
        });
        assertTrue(matched[0] > 100 && matched[1] > 50, "detections " + matched[0] + ", with 3D boxes " + matched[1]);
        assertTrue(matched[2] > 0.85 * matched[0], "right class in " + matched[2] + " of " + matched[0]);
    }

    /**
     * The image box of an upright world box: corners in front of the camera projected through the
     * intrinsics, clipped to the image. Null when the box is not wholly in front of the camera.
     */
    private static double[] project(final SensorConfig camera, final GroundTruth truth, final double[] box)
    {
        final CameraSpec spec = camera.camera();
        final double c = Math.cos(box[2]);
        final double s = Math.sin(box[2]);
        double u1 = Double.POSITIVE_INFINITY;
        double v1 = Double.POSITIVE_INFINITY;
        double u2 = Double.NEGATIVE_INFINITY;
        double v2 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 8; i++)
        {
            final double l = ((i & 1) == 0 ? -0.5 : 0.5) * box[3];
            final double w = ((i & 2) == 0 ? -0.5 : 0.5) * box[4];
            final double z = (i & 4) == 0 ? 0 : box[5];
            final double[] p = TestRigs.worldToSensor(camera.mount(), truth.egoX(), truth.egoY(), truth.egoYaw(),
                box[0] + c * l - s * w, box[1] + s * l + c * w, z);
            if (p[0] < 0.1)
            {
                return null;
            }
            final double u = spec.cx() - spec.fx() * p[1] / p[0];
            final double v = spec.cy() - spec.fy() * p[2] / p[0];
            u1 = Math.min(u1, u);
            v1 = Math.min(v1, v);
            u2 = Math.max(u2, u);
            v2 = Math.max(v2, v);
        }
        return new double[]{
            Math.max(0, u1), Math.max(0, v1), Math.min(spec.widthPx(), u2), Math.min(spec.heightPx(), v2) };
    }

    private static double overlap(final double[] a, final double x1, final double y1, final double x2, final double y2)
    {
        final double w = Math.min(a[2], x2) - Math.max(a[0], x1);
        final double h = Math.min(a[3], y2) - Math.max(a[1], y1);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
