package io.fusebox.replay.mcap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.TrajectoryDecoder;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.MountPose;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.ExpandableArrayBuffer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fusebox export --mcap}: a drive log as an MCAP file Foxglove opens. Messages travel as JSON with
 * JSON schemas named after Foxglove's well-known types, which Foxglove's panels recognise:
 * <ul>
 *   <li>LiDAR sectors and radar scans: {@code foxglove.PointCloud} in the sensor's frame ({@code /lidar/NAME},
 *   {@code /radar/NAME}); the sensor frames hang off {@code base_link} by the rig's mounts
 *   ({@code foxglove.FrameTransforms} on {@code /tf});</li>
 *   <li>camera detections: {@code foxglove.ImageAnnotations}, a box and a label per object ({@code /camera/NAME});</li>
 *   <li>tracked objects: {@code foxglove.SceneUpdate}, a cube per track ({@code /fusion/objects});</li>
 *   <li>the trajectory: {@code foxglove.SceneUpdate}, a line strip ({@code /planner/trajectory});</li>
 *   <li>vehicle state, ultrasonic echoes, sensor health: fusebox JSON types.</li>
 * </ul>
 * Log time is the entry's log time (a fusion input's receive time); publish time is the capture time of a
 * sensor message, the model time of an output.
 */
public final class McapExporter
{
    /** Topic of the static transforms from base_link to each sensor. */
    public static final String TRANSFORMS_TOPIC = "/tf";
    public static final String OBJECTS_TOPIC = "/fusion/objects";
    public static final String TRAJECTORY_TOPIC = "/planner/trajectory";
    public static final String HEALTH_TOPIC = "/fusion/health";
    private static final String VEHICLE_FRAME = "base_link";
    private static final int FLOAT32 = 7;
    private static final int POINT_STRIDE = 16;

    /**
     * What an export wrote.
     *
     * @param file             the MCAP file.
     * @param messages         messages written, all topics.
     * @param messagesByTopic  per topic, in the order channels were declared.
     * @param startTimeNs      log time of the first message, or 0 when none.
     * @param endTimeNs        log time of the last message, or 0 when none.
     */
    public record Result(Path file, long messages, Map<String, Long> messagesByTopic, long startTimeNs, long endTimeNs)
    {
    }

    private final JsonFactory jsonFactory = new JsonFactory();
    private final ByteArrayOutputStream json = new ByteArrayOutputStream(64 * 1024);
    private final FusionInputReader fusionInput = new FusionInputReader();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CameraFrameDecoder camera = new CameraFrameDecoder();
    private final RadarScanDecoder radar = new RadarScanDecoder();
    private final LidarSectorDecoder lidar = new LidarSectorDecoder();
    private final UltrasonicEchoDecoder ultrasonic = new UltrasonicEchoDecoder();
    private final VehicleStateDecoder vehicleState = new VehicleStateDecoder();
    private final WorldModelDecoder worldModel = new WorldModelDecoder();
    private final TrajectoryDecoder trajectory = new TrajectoryDecoder();
    private final SensorHealthDecoder health = new SensorHealthDecoder();
    private final ExpandableArrayBuffer points = new ExpandableArrayBuffer(64 * 1024);
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Rig rig;
    private final McapWriter writer;
    private final int[] channelBySensorIndex;
    private final String[] topicBySensorIndex;
    private final int transformsChannel;
    private final int objectsChannel;
    private final int trajectoryChannel;
    private final int healthChannel;
    private long firstTimeNs;
    private long lastTimeNs;

    private McapExporter(final Rig rig, final McapWriter writer) throws IOException
    {
        this.rig = rig;
        this.writer = writer;
        final int pointCloud = writer.addSchema("foxglove.PointCloud", "jsonschema", schema("PointCloud"));
        final int annotations = writer.addSchema("foxglove.ImageAnnotations", "jsonschema", schema("ImageAnnotations"));
        final int sceneUpdate = writer.addSchema("foxglove.SceneUpdate", "jsonschema", schema("SceneUpdate"));
        final int transforms = writer.addSchema("foxglove.FrameTransforms", "jsonschema", schema("FrameTransforms"));
        final int vehicle = writer.addSchema("fusebox.VehicleState", "jsonschema", schema("VehicleState"));
        final int echo = writer.addSchema("fusebox.UltrasonicEcho", "jsonschema", schema("UltrasonicEcho"));
        final int sensorHealth = writer.addSchema("fusebox.SensorHealth", "jsonschema", schema("SensorHealth"));

        transformsChannel = channel(transforms, TRANSFORMS_TOPIC, Map.of());
        channelBySensorIndex = new int[rig.sensorCount()];
        topicBySensorIndex = new String[rig.sensorCount()];
        for (final SensorConfig sensor : rig.sensors())
        {
            final String kind = sensor.kind().name().toLowerCase(Locale.ROOT);
            final Map<String, String> metadata = Map.of("sensorId", Integer.toString(sensor.id()), "kind", kind);
            final int schemaId;
            final String topic;
            switch (sensor.kind())
            {
                case CAMERA:
                    schemaId = annotations;
                    topic = "/camera/" + sensor.name();
                    break;
                case RADAR:
                    schemaId = pointCloud;
                    topic = "/radar/" + sensor.name();
                    break;
                case LIDAR:
                    schemaId = pointCloud;
                    topic = "/lidar/" + sensor.name();
                    break;
                case ULTRASONIC:
                    schemaId = echo;
                    topic = "/ultrasonic/" + sensor.name();
                    break;
                default:
                    schemaId = vehicle;
                    topic = "/vehicle/" + sensor.name();
                    break;
            }
            topicBySensorIndex[sensor.index()] = topic;
            channelBySensorIndex[sensor.index()] = channel(schemaId, topic, metadata);
        }
        objectsChannel = channel(sceneUpdate, OBJECTS_TOPIC, Map.of());
        trajectoryChannel = channel(sceneUpdate, TRAJECTORY_TOPIC, Map.of());
        healthChannel = channel(sensorHealth, HEALTH_TOPIC, Map.of());
    }

    /**
     * Exports a drive log, or the stretch of it between two times from its first fusion input.
     *
     * @throws io.fusebox.replay.log.DriveLogException when the folder is not a readable drive log.
     */
    public static Result export(final Path drive, final Path file, final long fromNs, final long toNs) throws IOException
    {
        if (fromNs < 0 || toNs <= fromNs)
        {
            throw new IllegalArgumentException("from/to: need 0 <= from < to, were " + fromNs + " ns and " + toNs + " ns");
        }
        try (DriveLogReader reader = DriveLogReader.open(drive))
        {
            final DriveLogHeader header = reader.header();
            final long driveStartNs = reader.firstMessageTimeNs(RecordedStream.FUSION_INPUT);
            final long startLogNs = Long.MIN_VALUE == driveStartNs ? Long.MIN_VALUE : driveStartNs + fromNs;
            final long endLogNs = Long.MAX_VALUE == toNs || Long.MIN_VALUE == driveStartNs ? Long.MAX_VALUE : driveStartNs + toNs;
            reader.seek(startLogNs);
            final Path parent = file.toAbsolutePath().getParent();
            if (null != parent)
            {
                Files.createDirectories(parent);
            }
            final String library = "fusebox " + header.softwareVersion() + " drive log export";
            try (McapWriter writer = new McapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), "", library))
            {
                final McapExporter exporter = new McapExporter(header.rig(), writer);
                boolean isFirst = true;
                while (reader.next() && reader.timeNs() < endLogNs)
                {
                    if (EntryKind.MESSAGE != reader.kind())
                    {
                        continue;
                    }
                    if (isFirst)
                    {
                        isFirst = false;
                        exporter.transforms(reader.timeNs());
                    }
                    exporter.entry(reader);
                }
                final Map<String, Long> byTopic = new LinkedHashMap<>();
                for (final Map.Entry<String, long[]> entry : exporter.counts.entrySet())
                {
                    byTopic.put(entry.getKey(), entry.getValue()[0]);
                }
                return new Result(file, writer.messageCount(), byTopic, exporter.firstTimeNs, exporter.lastTimeNs);
            }
        }
    }

    private int channel(final int schemaId, final String topic, final Map<String, String> metadata) throws IOException
    {
        counts.put(topic, new long[1]);
        return writer.addChannel(schemaId, topic, "json", metadata);
    }

    private void entry(final DriveLogReader reader) throws IOException
    {
        switch (reader.stream())
        {
            case FUSION_INPUT:
                if (fusionInput.wrap(reader.buffer(), reader.offset(), reader.length()))
                {
                    sensorMessage(reader.timeNs());
                }
                break;
            case WORLD_MODEL:
                wrap(reader, worldModel);
                objects(reader.timeNs());
                break;
            case TRAJECTORY:
                wrap(reader, trajectory);
                trajectory(reader.timeNs());
                break;
            case HEALTH:
                wrap(reader, health);
                health(reader.timeNs());
                break;
            default:
                break;
        }
    }

    private void wrap(final DriveLogReader reader, final org.agrona.sbe.MessageDecoderFlyweight decoder)
    {
        headerDecoder.wrap(reader.buffer(), reader.offset());
        decoder.wrap(reader.buffer(), reader.offset() + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
    }

    private void sensorMessage(final long logTimeNs) throws IOException
    {
        final int sensorIndex = rig.indexOf(fusionInput.sensorId());
        if (sensorIndex < 0)
        {
            return;
        }
        final SensorConfig sensor = rig.sensor(sensorIndex);
        final long captureNs = fusionInput.captureTimeNs();
        switch (fusionInput.sensorTemplateId())
        {
            case CameraFrameDecoder.TEMPLATE_ID:
                cameraDetections(fusionInput.wrapSensorMessage(camera), captureNs);
                break;
            case RadarScanDecoder.TEMPLATE_ID:
                radarPoints(fusionInput.wrapSensorMessage(radar), sensor, captureNs);
                break;
            case LidarSectorDecoder.TEMPLATE_ID:
                lidarPoints(fusionInput.wrapSensorMessage(lidar), sensor, captureNs);
                break;
            case UltrasonicEchoDecoder.TEMPLATE_ID:
                echo(fusionInput.wrapSensorMessage(ultrasonic), captureNs);
                break;
            case VehicleStateDecoder.TEMPLATE_ID:
                vehicle(fusionInput.wrapSensorMessage(vehicleState), captureNs);
                break;
            default:
                return;
        }
        write(channelBySensorIndex[sensorIndex], topicBySensorIndex[sensorIndex], logTimeNs, captureNs);
    }

    private void transforms(final long logTimeNs) throws IOException
    {
        final JsonGenerator out = begin();
        out.writeArrayFieldStart("transforms");
        for (final SensorConfig sensor : rig.sensors())
        {
            final MountPose mount = sensor.mount();
            out.writeStartObject();
            time(out, "timestamp", logTimeNs);
            out.writeStringField("parent_frame_id", VEHICLE_FRAME);
            out.writeStringField("child_frame_id", sensor.name());
            vector(out, "translation", mount.x(), mount.y(), mount.z());
            quaternion(out, "rotation", mount.roll(), mount.pitch(), mount.yaw());
            out.writeEndObject();
        }
        out.writeEndArray();
        end(out);
        write(transformsChannel, TRANSFORMS_TOPIC, logTimeNs, logTimeNs);
    }

    private void cameraDetections(final CameraFrameDecoder frame, final long captureNs) throws IOException
    {
        final JsonGenerator out = begin();
        out.writeArrayFieldStart("circles");
        out.writeEndArray();
        final CameraFrameDecoder.ObjectsDecoder objects = frame.objects();
        out.writeArrayFieldStart("points");
        for (final CameraFrameDecoder.ObjectsDecoder object : objects)
        {
            out.writeStartObject();
            time(out, "timestamp", captureNs);
            out.writeNumberField("type", 2);
            out.writeArrayFieldStart("points");
            final float x1 = object.box2d().x1();
            final float y1 = object.box2d().y1();
            final float x2 = object.box2d().x2();
            final float y2 = object.box2d().y2();
            point2(out, x1, y1);
            point2(out, x2, y1);
            point2(out, x2, y2);
            point2(out, x1, y2);
            out.writeEndArray();
            color(out, "outline_color", 0.1, 0.9, 0.2, 1.0);
            out.writeArrayFieldStart("outline_colors");
            out.writeEndArray();
            color(out, "fill_color", 0.1, 0.9, 0.2, 0.1);
            out.writeNumberField("thickness", 2.0);
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("texts");
        for (final CameraFrameDecoder.ObjectsDecoder object : frame.objects())
        {
            out.writeStartObject();
            time(out, "timestamp", captureNs);
            out.writeObjectFieldStart("position");
            out.writeNumberField("x", object.box2d().x1());
            out.writeNumberField("y", object.box2d().y1());
            out.writeEndObject();
            out.writeStringField("text", String.format(Locale.ROOT, "%s %.2f",
                object.objectClass().name().toLowerCase(Locale.ROOT), object.confidence()));
            out.writeNumberField("font_size", 14.0);
            color(out, "text_color", 1.0, 1.0, 1.0, 1.0);
            color(out, "background_color", 0.0, 0.0, 0.0, 0.6);
            out.writeEndObject();
        }
        out.writeEndArray();
        end(out);
    }

    private void radarPoints(final RadarScanDecoder scan, final SensorConfig sensor, final long captureNs) throws IOException
    {
        int count = 0;
        for (final RadarScanDecoder.DetectionsDecoder detection : scan.detections())
        {
            final double range = detection.rangeM();
            final double azimuth = detection.azimuthRad();
            final double elevation = detection.elevationRad();
            final int at = count++ * POINT_STRIDE;
            points.putFloat(at, (float)(range * Math.cos(elevation) * Math.cos(azimuth)), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 4, (float)(range * Math.cos(elevation) * Math.sin(azimuth)), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 8, (float)(range * Math.sin(elevation)), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 12, detection.radialVelocityMps(), ByteOrder.LITTLE_ENDIAN);
        }
        pointCloud(sensor, captureNs, count, "radial_velocity");
    }

    private void lidarPoints(final LidarSectorDecoder sector, final SensorConfig sensor, final long captureNs)
        throws IOException
    {
        int count = 0;
        for (final LidarSectorDecoder.PointsDecoder point : sector.points())
        {
            final int at = count++ * POINT_STRIDE;
            points.putFloat(at, point.x(), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 4, point.y(), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 8, point.z(), ByteOrder.LITTLE_ENDIAN);
            points.putFloat(at + 12, point.intensity(), ByteOrder.LITTLE_ENDIAN);
        }
        pointCloud(sensor, captureNs, count, "intensity");
    }

    private void pointCloud(final SensorConfig sensor, final long captureNs, final int count, final String fourth)
        throws IOException
    {
        final JsonGenerator out = begin();
        time(out, "timestamp", captureNs);
        out.writeStringField("frame_id", sensor.name());
        out.writeObjectFieldStart("pose");
        vector(out, "position", 0, 0, 0);
        quaternion(out, "orientation", 0, 0, 0);
        out.writeEndObject();
        out.writeNumberField("point_stride", POINT_STRIDE);
        out.writeArrayFieldStart("fields");
        field(out, "x", 0);
        field(out, "y", 4);
        field(out, "z", 8);
        field(out, fourth, 12);
        out.writeEndArray();
        final byte[] data = new byte[count * POINT_STRIDE];
        points.getBytes(0, data);
        out.writeStringField("data", Base64.getEncoder().encodeToString(data));
        end(out);
    }

    private void echo(final UltrasonicEchoDecoder echo, final long captureNs) throws IOException
    {
        final JsonGenerator out = begin();
        time(out, "timestamp", captureNs);
        out.writeNumberField("sensor_id", echo.stamp().sensorId());
        out.writeNumberField("sequence", echo.stamp().sequence());
        out.writeBooleanField("has_echo", BooleanType.TRUE == echo.hasEcho());
        out.writeNumberField("distance_m", echo.distanceM());
        out.writeNumberField("quality", echo.quality());
        end(out);
    }

    private void vehicle(final VehicleStateDecoder state, final long captureNs) throws IOException
    {
        final JsonGenerator out = begin();
        time(out, "timestamp", captureNs);
        out.writeNumberField("sensor_id", state.stamp().sensorId());
        out.writeNumberField("sequence", state.stamp().sequence());
        out.writeNumberField("speed_mps", state.speedMps());
        out.writeNumberField("yaw_rate_rps", state.yawRateRps());
        out.writeNumberField("acceleration_mps2", state.accelerationMps2());
        out.writeNumberField("steering_angle_rad", state.steeringAngleRad());
        end(out);
    }

    private void objects(final long logTimeNs) throws IOException
    {
        final long timeNs = worldModel.timeNs();
        final JsonGenerator out = begin();
        out.writeArrayFieldStart("deletions");
        out.writeEndArray();
        out.writeArrayFieldStart("entities");
        out.writeStartObject();
        entityHeader(out, timeNs, "tracks");
        out.writeArrayFieldStart("cubes");
        for (final WorldModelDecoder.ObjectsDecoder object : worldModel.objects())
        {
            out.writeStartObject();
            out.writeObjectFieldStart("pose");
            vector(out, "position", object.x(), object.y(), object.height() / 2.0);
            quaternion(out, "orientation", 0, 0, object.yaw());
            out.writeEndObject();
            vector(out, "size", object.length(), object.width(), object.height());
            color(out, "color", 1.0, 0.5, 0.1, Math.max(0.2, Math.min(1.0, object.existence())));
            out.writeEndObject();
        }
        out.writeEndArray();
        emptyArrays(out, "arrows", "spheres", "cylinders", "lines", "triangles", "models");
        out.writeArrayFieldStart("texts");
        for (final WorldModelDecoder.ObjectsDecoder object : worldModel.objects())
        {
            out.writeStartObject();
            out.writeObjectFieldStart("pose");
            vector(out, "position", object.x(), object.y(), object.height() + 0.5);
            quaternion(out, "orientation", 0, 0, 0);
            out.writeEndObject();
            out.writeBooleanField("billboard", true);
            out.writeNumberField("font_size", 12.0);
            out.writeBooleanField("scale_invariant", true);
            color(out, "color", 1.0, 1.0, 1.0, 1.0);
            out.writeStringField("text", "#" + object.trackId() + " " + object.objectClass().name().toLowerCase(Locale.ROOT));
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndArray();
        end(out);
        write(objectsChannel, OBJECTS_TOPIC, logTimeNs, timeNs);
    }

    private void trajectory(final long logTimeNs) throws IOException
    {
        final long timeNs = trajectory.timeNs();
        final JsonGenerator out = begin();
        out.writeArrayFieldStart("deletions");
        out.writeEndArray();
        out.writeArrayFieldStart("entities");
        out.writeStartObject();
        entityHeader(out, timeNs, "trajectory");
        out.writeArrayFieldStart("lines");
        out.writeStartObject();
        out.writeNumberField("type", 0);
        out.writeObjectFieldStart("pose");
        vector(out, "position", 0, 0, 0);
        quaternion(out, "orientation", 0, 0, 0);
        out.writeEndObject();
        out.writeNumberField("thickness", 0.3);
        out.writeBooleanField("scale_invariant", false);
        out.writeArrayFieldStart("points");
        for (final TrajectoryDecoder.PointsDecoder point : trajectory.points())
        {
            out.writeStartObject();
            out.writeNumberField("x", point.x());
            out.writeNumberField("y", point.y());
            out.writeNumberField("z", 0.05);
            out.writeEndObject();
        }
        out.writeEndArray();
        color(out, "color", 0.2, 0.6, 1.0, 1.0);
        emptyArrays(out, "colors", "indices");
        out.writeEndObject();
        out.writeEndArray();
        emptyArrays(out, "arrows", "cubes", "spheres", "cylinders", "triangles", "texts", "models");
        out.writeEndObject();
        out.writeEndArray();
        end(out);
        write(trajectoryChannel, TRAJECTORY_TOPIC, logTimeNs, timeNs);
    }

    private void health(final long logTimeNs) throws IOException
    {
        final long timeNs = health.timeNs();
        final JsonGenerator out = begin();
        time(out, "timestamp", timeNs);
        out.writeArrayFieldStart("sensors");
        for (final SensorHealthDecoder.SensorsDecoder sensor : health.sensors())
        {
            out.writeStartObject();
            out.writeNumberField("sensor_id", sensor.sensorId());
            out.writeStringField("kind", String.valueOf(sensor.kind()).toLowerCase(Locale.ROOT));
            out.writeStringField("state", String.valueOf(sensor.state()).toLowerCase(Locale.ROOT));
            out.writeNumberField("messages", sensor.messages());
            out.writeNumberField("gaps", sensor.gaps());
            out.writeNumberField("last_capture_time_ns", sensor.lastCaptureTimeNs());
            out.writeEndObject();
        }
        out.writeEndArray();
        end(out);
        write(healthChannel, HEALTH_TOPIC, logTimeNs, timeNs);
    }

    private void entityHeader(final JsonGenerator out, final long timeNs, final String id) throws IOException
    {
        time(out, "timestamp", timeNs);
        out.writeStringField("frame_id", VEHICLE_FRAME);
        out.writeStringField("id", id);
        out.writeObjectFieldStart("lifetime");
        out.writeNumberField("sec", 0);
        out.writeNumberField("nsec", 0);
        out.writeEndObject();
        out.writeBooleanField("frame_locked", false);
        emptyArrays(out, "metadata");
    }

    private JsonGenerator begin() throws IOException
    {
        json.reset();
        final JsonGenerator out = jsonFactory.createGenerator(json, JsonEncoding.UTF8);
        out.writeStartObject();
        return out;
    }

    private static void end(final JsonGenerator out) throws IOException
    {
        out.writeEndObject();
        out.close();
    }

    private void write(final int channelId, final String topic, final long logTimeNs, final long publishTimeNs)
        throws IOException
    {
        final long[] count = counts.get(topic);
        writer.addMessage(channelId, count[0], logTimeNs, publishTimeNs, json.toByteArray(), 0, json.size());
        count[0]++;
        if (0 == firstTimeNs)
        {
            firstTimeNs = logTimeNs;
        }
        lastTimeNs = logTimeNs;
    }

    private static void time(final JsonGenerator out, final String name, final long epochNs) throws IOException
    {
        out.writeObjectFieldStart(name);
        out.writeNumberField("sec", Math.floorDiv(epochNs, 1_000_000_000L));
        out.writeNumberField("nsec", Math.floorMod(epochNs, 1_000_000_000L));
        out.writeEndObject();
    }

    private static void vector(final JsonGenerator out, final String name, final double x, final double y, final double z)
        throws IOException
    {
        out.writeObjectFieldStart(name);
        out.writeNumberField("x", x);
        out.writeNumberField("y", y);
        out.writeNumberField("z", z);
        out.writeEndObject();
    }

    /**
     * Writes the quaternion of a z-y-x (yaw, pitch, roll) rotation, as the rig's mounts give them.
     */
    private static void quaternion(
        final JsonGenerator out, final String name, final double roll, final double pitch, final double yaw)
        throws IOException
    {
        final double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
        final double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
        final double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
        out.writeObjectFieldStart(name);
        out.writeNumberField("x", sr * cp * cy - cr * sp * sy);
        out.writeNumberField("y", cr * sp * cy + sr * cp * sy);
        out.writeNumberField("z", cr * cp * sy - sr * sp * cy);
        out.writeNumberField("w", cr * cp * cy + sr * sp * sy);
        out.writeEndObject();
    }

    private static void color(
        final JsonGenerator out, final String name, final double r, final double g, final double b, final double a)
        throws IOException
    {
        out.writeObjectFieldStart(name);
        out.writeNumberField("r", r);
        out.writeNumberField("g", g);
        out.writeNumberField("b", b);
        out.writeNumberField("a", a);
        out.writeEndObject();
    }

    private static void point2(final JsonGenerator out, final double x, final double y) throws IOException
    {
        out.writeStartObject();
        out.writeNumberField("x", x);
        out.writeNumberField("y", y);
        out.writeEndObject();
    }

    private static void field(final JsonGenerator out, final String name, final int offset) throws IOException
    {
        out.writeStartObject();
        out.writeStringField("name", name);
        out.writeNumberField("offset", offset);
        out.writeNumberField("type", FLOAT32);
        out.writeEndObject();
    }

    private static void emptyArrays(final JsonGenerator out, final String... names) throws IOException
    {
        for (final String name : names)
        {
            out.writeArrayFieldStart(name);
            out.writeEndArray();
        }
    }

    private static String schema(final String name)
    {
        try (InputStream in = McapExporter.class.getResourceAsStream(name + ".json"))
        {
            if (null == in)
            {
                throw new IllegalStateException("schema " + name + ".json is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
