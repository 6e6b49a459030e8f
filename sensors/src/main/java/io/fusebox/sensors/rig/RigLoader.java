package io.fusebox.sensors.rig;

import io.fusebox.sensors.codec.SensorKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a rig file (YAML) into a {@link Rig}, validating everything before anything starts: the
 * first problem found fails the load with the file, line, field and reason.
 */
public final class RigLoader
{
    /** The rig a user gets when they name none: a Hyperion-8-style suite. */
    public static final String DEFAULT_RIG_RESOURCE = "rigs/hyperion8.yaml";

    /**
     * Largest sensor message the bus carries as one frame: Aeron's largest MTU (65,504 bytes, 64 KiB less
     * a UDP header) less its 32-byte frame header. A LiDAR sector or radar scan that could exceed it is a
     * rig error.
     */
    public static final int MAX_SENSOR_MESSAGE_BYTES = 65_504 - 32;

    private static final int LIDAR_POINT_BYTES = 16;
    private static final int RADAR_DETECTION_BYTES = 24;
    private static final int CAMERA_OBJECT_BYTES = 50;
    private static final int MESSAGE_OVERHEAD_BYTES = 64;

    private RigLoader()
    {
    }

    public static Rig loadDefault()
    {
        return loadResource(DEFAULT_RIG_RESOURCE);
    }

    public static Rig loadResource(final String resource)
    {
        final InputStream in = RigLoader.class.getClassLoader().getResourceAsStream(resource);
        if (null == in)
        {
            throw new RigConfigException(resource, 0, "(file)", "no such resource on the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8))
        {
            return parse(resource, reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static Rig load(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new RigConfigException(file.toString(), 0, "(file)", "no such file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return parse(file.toString(), reader);
        }
        catch (final IOException ex)
        {
            throw new RigConfigException(file.toString(), 0, "(file)", "cannot read: " + ex.getMessage());
        }
    }

    public static Rig parse(final String source, final String yaml)
    {
        return parse(source, new StringReader(yaml));
    }

    public static Rig parse(final String source, final Reader reader)
    {
        final String text;
        try
        {
            // Kept whole: a drive log's header records the rig exactly as it was read.
            final StringBuilder builder = new StringBuilder();
            final char[] chunk = new char[8192];
            for (int read; (read = reader.read(chunk)) != -1; )
            {
                builder.append(chunk, 0, read);
            }
            text = builder.toString();
        }
        catch (final IOException ex)
        {
            throw new RigConfigException(source, 0, "(file)", "cannot read: " + ex.getMessage());
        }

        final Node root;
        try
        {
            final LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(text));
        }
        catch (final MarkedYAMLException ex)
        {
            final int line = null == ex.getProblemMark() ? 0 : ex.getProblemMark().getLine() + 1;
            throw new RigConfigException(source, line, "(syntax)", "not valid YAML: " + ex.getProblem());
        }
        catch (final YAMLException ex)
        {
            throw new RigConfigException(source, 0, "(syntax)", "not valid YAML: " + ex.getMessage());
        }
        if (null == root)
        {
            throw new RigConfigException(source, 0, "(file)", "empty");
        }
        return readRig(new ConfigNode(source, "", root), text);
    }

    private static Rig readRig(final ConfigNode root, final String text)
    {
        root.allow("name", "bus", "vehicle", "sensors");
        final String name = root.string("name");
        final ConfigNode busNode = root.mapping("bus");
        final BusLayout bus = readBus(busNode);
        final VehicleGeometry vehicle = readVehicle(root.mapping("vehicle"));
        final List<ConfigNode> sensorNodes = root.list("sensors");
        root.requireAllRead();

        if (sensorNodes.isEmpty())
        {
            throw root.error("sensors", "the rig has no sensors");
        }
        if (sensorNodes.size() > Rig.MAX_SENSORS)
        {
            throw root.error("sensors", "at most " + Rig.MAX_SENSORS + " sensors, found " + sensorNodes.size());
        }

        final Map<Integer, String> streamOwners = new HashMap<>();
        claimStream(streamOwners, busNode, "fusionInputStreamId", bus.fusionInputStreamId());
        claimStream(streamOwners, busNode, "worldModelStreamId", bus.worldModelStreamId());
        claimStream(streamOwners, busNode, "trajectoryStreamId", bus.trajectoryStreamId());
        claimStream(streamOwners, busNode, "healthStreamId", bus.healthStreamId());

        final Map<Integer, String> idOwners = new HashMap<>();
        final Map<String, String> nameOwners = new HashMap<>();
        final List<SensorConfig> sensors = new ArrayList<>();
        for (int i = 0; i < sensorNodes.size(); i++)
        {
            final ConfigNode node = sensorNodes.get(i);
            final SensorConfig sensor = readSensor(i, node, bus.sensorChannel());
            final String previousId = idOwners.putIfAbsent(sensor.id(), node.path());
            if (null != previousId)
            {
                throw node.error("id", "duplicate sensor id " + sensor.id() + " (also " + previousId + ")");
            }
            final String previousName = nameOwners.putIfAbsent(sensor.name(), node.path());
            if (null != previousName)
            {
                throw node.error("name", "duplicate sensor name '" + sensor.name() + "' (also " + previousName + ")");
            }
            final String streamOwner = streamOwners.putIfAbsent(sensor.streamId(), node.path() + ".streamId");
            if (null != streamOwner)
            {
                throw node.error("streamId", "stream id " + sensor.streamId() + " clashes with " + streamOwner);
            }
            sensors.add(sensor);
        }

        return new Rig(name, root.source(), text, bus, vehicle, sensors);
    }

    private static void claimStream(
        final Map<Integer, String> owners, final ConfigNode busNode, final String key, final int streamId)
    {
        final String previous = owners.putIfAbsent(streamId, busNode.path() + "." + key);
        if (null != previous)
        {
            throw busNode.error(key, "stream id " + streamId + " clashes with " + previous);
        }
    }

    private static BusLayout readBus(final ConfigNode node)
    {
        node.allow(
            "sensorChannel", "fusionInputChannel", "fusionInputStreamId", "worldModelChannel", "worldModelStreamId",
            "trajectoryChannel", "trajectoryStreamId", "healthChannel", "healthStreamId");
        final BusLayout bus = new BusLayout(
            channel(node, "sensorChannel"),
            channel(node, "fusionInputChannel"),
            node.integer("fusionInputStreamId", 1, Integer.MAX_VALUE),
            channel(node, "worldModelChannel"),
            node.integer("worldModelStreamId", 1, Integer.MAX_VALUE),
            channel(node, "trajectoryChannel"),
            node.integer("trajectoryStreamId", 1, Integer.MAX_VALUE),
            channel(node, "healthChannel"),
            node.integer("healthStreamId", 1, Integer.MAX_VALUE));
        node.requireAllRead();
        return bus;
    }

    private static String channel(final ConfigNode node, final String key)
    {
        final String channel = node.string(key);
        if (!isAeronChannel(channel))
        {
            throw node.error(key, "must be an Aeron channel URI (aeron:ipc or aeron:udp?endpoint=...), was '" + channel + "'");
        }
        return channel;
    }

    /**
     * The media must be exactly ipc or udp ("aeron:ipcx" is not ipc), and a udp channel needs its
     * parameters (endpoint or control): a bare "aeron:udp" would only fail later, when the bus starts.
     */
    private static boolean isAeronChannel(final String channel)
    {
        return "aeron:ipc".equals(channel) || channel.startsWith("aeron:ipc?") ||
            (channel.startsWith("aeron:udp?") && channel.length() > "aeron:udp?".length());
    }

    private static VehicleGeometry readVehicle(final ConfigNode node)
    {
        node.allow("lengthM", "widthM", "heightM", "wheelbaseM", "rearOverhangM");
        final VehicleGeometry vehicle = new VehicleGeometry(
            node.inRange("lengthM", 1, 30),
            node.inRange("widthM", 0.5, 5),
            node.inRange("heightM", 0.5, 6),
            node.inRange("wheelbaseM", 0.5, 20),
            node.inRange("rearOverhangM", 0, 10));
        node.requireAllRead();
        if (vehicle.wheelbaseM() + vehicle.rearOverhangM() > vehicle.lengthM())
        {
            throw node.error("wheelbaseM", "wheelbase plus rear overhang exceeds the vehicle length");
        }
        return vehicle;
    }

    private static SensorConfig readSensor(final int index, final ConfigNode node, final String busSensorChannel)
    {
        node.allow(
            "id", "name", "kind", "streamId", "rateHz", "channel", "mount", "camera", "radar", "lidar", "ultrasonic",
            "vehicleState");
        final int id = node.integer("id", 0, Rig.MAX_SENSOR_ID);
        final String name = node.string("name");
        if (!name.matches("[A-Za-z0-9_\\-]+"))
        {
            throw node.error("name", "use letters, digits, '_' and '-' only, was '" + name + "'");
        }
        final SensorKind kind = kind(node);
        final int streamId = node.integer("streamId", 1, Integer.MAX_VALUE);
        final double rateHz = node.positive("rateHz");
        if (rateHz > 1000)
        {
            throw node.error("rateHz", "must be at most 1000 Hz, was " + rateHz);
        }
        // A sensor on another board than the bus's default names its own channel (e.g. CAN on the fusion board).
        final String channel = node.has("channel") ? channel(node, "channel") : busSensorChannel;
        final MountPose mount = readMount(node.mapping("mount"));

        CameraSpec camera = null;
        RadarSpec radar = null;
        LidarSpec lidar = null;
        UltrasonicSpec ultrasonic = null;
        VehicleStateSpec vehicleState = null;
        final String specKey = specKey(kind);
        for (final String other : new String[]{ "camera", "radar", "lidar", "ultrasonic", "vehicleState" })
        {
            if (!other.equals(specKey) && node.has(other))
            {
                throw node.error(other, "a " + kind.name().toLowerCase(Locale.ROOT) + " sensor takes '" + specKey +
                    "', not '" + other + "'");
            }
        }
        switch (kind)
        {
            case CAMERA:
                camera = readCamera(node.mapping("camera"));
                break;
            case RADAR:
                radar = readRadar(node.mapping("radar"));
                break;
            case LIDAR:
                lidar = readLidar(node.mapping("lidar"));
                break;
            case ULTRASONIC:
                ultrasonic = readUltrasonic(node.mapping("ultrasonic"));
                break;
            default:
                vehicleState = readVehicleState(node.mapping("vehicleState"));
                break;
        }
        node.requireAllRead();
        return new SensorConfig(
            index, id, name, kind, streamId, rateHz, mount, camera, radar, lidar, ultrasonic, vehicleState, channel);
    }

    private static SensorKind kind(final ConfigNode node)
    {
        final String kind = node.string("kind");
        switch (kind)
        {
            case "camera":
                return SensorKind.CAMERA;
            case "radar":
                return SensorKind.RADAR;
            case "lidar":
                return SensorKind.LIDAR;
            case "ultrasonic":
                return SensorKind.ULTRASONIC;
            case "vehicle_state":
                return SensorKind.VEHICLE_STATE;
            default:
                throw node.error("kind",
                    "unknown kind '" + kind + "' (expected camera, radar, lidar, ultrasonic or vehicle_state)");
        }
    }

    private static String specKey(final SensorKind kind)
    {
        switch (kind)
        {
            case CAMERA:
                return "camera";
            case RADAR:
                return "radar";
            case LIDAR:
                return "lidar";
            case ULTRASONIC:
                return "ultrasonic";
            default:
                return "vehicleState";
        }
    }

    private static MountPose readMount(final ConfigNode node)
    {
        node.allow("x", "y", "z", "rollDeg", "pitchDeg", "yawDeg");
        final MountPose mount = new MountPose(
            node.inRange("x", -20, 20),
            node.inRange("y", -10, 10),
            node.inRange("z", -5, 10),
            Math.toRadians(node.inRange("rollDeg", -180, 180)),
            Math.toRadians(node.inRange("pitchDeg", -90, 90)),
            Math.toRadians(node.inRange("yawDeg", -180, 180)));
        node.requireAllRead();
        return mount;
    }

    private static CameraSpec readCamera(final ConfigNode node)
    {
        node.allow("widthPx", "heightPx", "hfovDeg", "intrinsics", "maxRangeM", "detection");
        final int width = node.integer("widthPx", 16, 16384);
        final int height = node.integer("heightPx", 16, 16384);
        final double hfovDeg = node.number("hfovDeg");
        if (!(hfovDeg > 0 && hfovDeg < 180))
        {
            throw node.error("hfovDeg", "a pinhole camera's field of view must be in (0, 180) degrees, was " + hfovDeg);
        }
        final ConfigNode intrinsics = node.mapping("intrinsics");
        intrinsics.allow("fx", "fy", "cx", "cy");
        final double fx = intrinsics.positive("fx");
        final double fy = intrinsics.positive("fy");
        final double cx = intrinsics.inRange("cx", 0, width);
        final double cy = intrinsics.inRange("cy", 0, height);
        intrinsics.requireAllRead();
        final double impliedHfovDeg = Math.toDegrees(2 * Math.atan((width / 2.0) / fx));
        if (Math.abs(impliedHfovDeg - hfovDeg) > 1.0)
        {
            throw intrinsics.error("fx", String.format(Locale.ROOT,
                "fx %.1f and widthPx %d give a %.1f degree field of view, but hfovDeg is %.1f", fx, width,
                impliedHfovDeg, hfovDeg));
        }
        final double maxRange = node.inRange("maxRangeM", 1, 1000);
        final ConfigNode detection = node.mapping("detection");
        detection.allow("probability", "falsePositivesPerFrame", "classConfusion", "pixelStd", "depthStdFraction");
        final CameraSpec camera = new CameraSpec(
            width, height, Math.toRadians(hfovDeg), fx, fy, cx, cy, maxRange,
            detection.inRange("probability", 0, 1),
            detection.inRange("falsePositivesPerFrame", 0, 100),
            detection.inRange("classConfusion", 0, 1),
            detection.inRange("pixelStd", 0, 100),
            detection.inRange("depthStdFraction", 0, 1));
        detection.requireAllRead();
        node.requireAllRead();
        return camera;
    }

    private static RadarSpec readRadar(final ConfigNode node)
    {
        node.allow(
            "hfovDeg", "vfovDeg", "maxRangeM", "maxDetections", "rangeStdM", "azimuthStdDeg", "velocityStdMps",
            "clutterPerScan");
        final double hfovDeg = fov(node, "hfovDeg", 360);
        final double vfovDeg = fov(node, "vfovDeg", 180);
        final int maxDetections = node.integer("maxDetections", 1, 65535);
        final long worstCase = (long)maxDetections * RADAR_DETECTION_BYTES + MESSAGE_OVERHEAD_BYTES;
        if (worstCase > MAX_SENSOR_MESSAGE_BYTES)
        {
            throw node.error("maxDetections", "a full scan of " + maxDetections + " detections (" + worstCase +
                " bytes) would not fit one " + MAX_SENSOR_MESSAGE_BYTES + "-byte message");
        }
        final RadarSpec radar = new RadarSpec(
            Math.toRadians(hfovDeg),
            Math.toRadians(vfovDeg),
            node.inRange("maxRangeM", 1, 1000),
            maxDetections,
            node.inRange("rangeStdM", 0, 10),
            Math.toRadians(node.inRange("azimuthStdDeg", 0, 10)),
            node.inRange("velocityStdMps", 0, 10),
            node.inRange("clutterPerScan", 0, 1000));
        node.requireAllRead();
        return radar;
    }

    private static LidarSpec readLidar(final ConfigNode node)
    {
        node.allow(
            "beams", "vfovUpDeg", "vfovDownDeg", "azimuthStepsPerRevolution", "sectors", "minRangeM", "maxRangeM",
            "rangeStdM");
        final int beams = node.integer("beams", 1, 256);
        final double up = node.inRange("vfovUpDeg", -90, 90);
        final double down = node.inRange("vfovDownDeg", -90, 90);
        if (!(up + down > 0))
        {
            throw node.error("vfovUpDeg", "vertical field of view (vfovUpDeg + vfovDownDeg) must be positive, was " +
                (up + down));
        }
        final int steps = node.integer("azimuthStepsPerRevolution", 1, 1 << 20);
        final int sectors = node.integer("sectors", 1, 65535);
        if (steps % sectors != 0)
        {
            throw node.error("sectors", sectors + " sectors do not divide " + steps + " azimuth steps evenly");
        }
        final long pointsPerSector = (long)(steps / sectors) * beams;
        final long worstCase = pointsPerSector * LIDAR_POINT_BYTES + MESSAGE_OVERHEAD_BYTES;
        if (pointsPerSector > 65535 || worstCase > MAX_SENSOR_MESSAGE_BYTES)
        {
            throw node.error("sectors", "a sector of " + pointsPerSector + " points (" + worstCase +
                " bytes) would not fit one " + MAX_SENSOR_MESSAGE_BYTES + "-byte message: use more sectors");
        }
        final double minRange = node.inRange("minRangeM", 0, 100);
        final double maxRange = node.inRange("maxRangeM", 1, 1000);
        if (minRange >= maxRange)
        {
            throw node.error("minRangeM", "must be below maxRangeM (" + maxRange + "), was " + minRange);
        }
        final LidarSpec lidar = new LidarSpec(
            beams, Math.toRadians(up), Math.toRadians(down), steps, sectors, minRange, maxRange,
            node.inRange("rangeStdM", 0, 10));
        node.requireAllRead();
        return lidar;
    }

    private static UltrasonicSpec readUltrasonic(final ConfigNode node)
    {
        node.allow("fovDeg", "minRangeM", "maxRangeM", "rangeStdM");
        final double fovDeg = fov(node, "fovDeg", 180);
        final double minRange = node.inRange("minRangeM", 0, 10);
        final double maxRange = node.inRange("maxRangeM", 0.1, 20);
        if (minRange >= maxRange)
        {
            throw node.error("minRangeM", "must be below maxRangeM (" + maxRange + "), was " + minRange);
        }
        final UltrasonicSpec ultrasonic = new UltrasonicSpec(
            Math.toRadians(fovDeg), minRange, maxRange, node.inRange("rangeStdM", 0, 1));
        node.requireAllRead();
        return ultrasonic;
    }

    private static VehicleStateSpec readVehicleState(final ConfigNode node)
    {
        node.allow("speedStdMps", "yawRateStdRps", "accelerationStdMps2");
        final VehicleStateSpec spec = new VehicleStateSpec(
            node.inRange("speedStdMps", 0, 10),
            node.inRange("yawRateStdRps", 0, 1),
            node.inRange("accelerationStdMps2", 0, 10));
        node.requireAllRead();
        return spec;
    }

    private static double fov(final ConfigNode node, final String key, final double maxDeg)
    {
        final double fovDeg = node.number(key);
        if (!(fovDeg > 0 && fovDeg <= maxDeg))
        {
            throw node.error(key, "field of view must be in (0, " + (int)maxDeg + "] degrees, was " + fovDeg);
        }
        return fovDeg;
    }
}
