package io.fusebox.sensors.rig;

import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.codec.SensorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RigLoaderTest
{
    private static final String CAMERA = "cam_front_left";
    private static final String RADAR = "radar_front_long";
    private static final String LIDAR = "lidar_roof";
    private static final String ULTRASONIC = "uss_front_1";

    @TempDir
    Path tempDir;

    // ---------------------------------------------------------------------------------------------
    // The default rig
    // ---------------------------------------------------------------------------------------------

    @Test
    void defaultRigHasTheHyperionSuite()
    {
        final Rig rig = RigLoader.loadDefault();

        assertEquals(RigLoader.DEFAULT_RIG_RESOURCE, rig.source());
        assertEquals(35, rig.sensorCount());
        assertEquals(12, rig.count(SensorKind.CAMERA));
        assertEquals(9, rig.count(SensorKind.RADAR));
        assertEquals(1, rig.count(SensorKind.LIDAR));
        assertEquals(12, rig.count(SensorKind.ULTRASONIC));
        assertEquals(1, rig.count(SensorKind.VEHICLE_STATE));
    }

    @Test
    void defaultRigRatesAreNominal()
    {
        for (final SensorConfig sensor : RigLoader.loadDefault().sensors())
        {
            final String what = sensor.name() + " rateHz";
            switch (sensor.kind())
            {
                case CAMERA:
                    assertEquals(30.0, sensor.rateHz(), what);
                    break;
                case RADAR:
                    assertEquals(20.0, sensor.rateHz(), what);
                    break;
                case LIDAR:
                    assertEquals(10.0, sensor.rateHz(), what);
                    assertEquals(10.0 * sensor.lidar().sectors(), sensor.messageRateHz(), what);
                    break;
                case ULTRASONIC:
                    assertTrue(sensor.rateHz() >= 20.0 && sensor.rateHz() <= 50.0, what + " was " + sensor.rateHz());
                    break;
                case VEHICLE_STATE:
                    assertEquals(100.0, sensor.rateHz(), what);
                    break;
                default:
                    throw new AssertionError("unexpected kind " + sensor.kind());
            }
            assertEquals(Math.round(1e9 / sensor.rateHz()), sensor.periodNs(), what);
        }
    }

    @Test
    void defaultRigIdsNamesAndStreamsAreUnique()
    {
        final Rig rig = RigLoader.loadDefault();
        final BusLayout bus = rig.bus();
        final Set<Integer> streamIds = new HashSet<>(Arrays.asList(
            bus.fusionInputStreamId(), bus.worldModelStreamId(), bus.trajectoryStreamId(), bus.healthStreamId()));
        assertEquals(4, streamIds.size(), "bus stream ids must differ");

        final Set<Integer> ids = new HashSet<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            assertEquals(i, sensor.index());
            assertTrue(ids.add(sensor.id()), "duplicate id " + sensor.id());
            assertTrue(names.add(sensor.name()), "duplicate name " + sensor.name());
            assertTrue(streamIds.add(sensor.streamId()), "stream id " + sensor.streamId() + " of " + sensor.name());
            assertEquals(i, rig.indexOf(sensor.id()));
        }
        assertEquals(4 + rig.sensorCount(), streamIds.size());
        assertEquals(-1, rig.indexOf(Rig.MAX_SENSOR_ID));
        assertEquals(-1, rig.indexOf(-1));
    }

    @Test
    void defaultRigSpecsMatchTheirKind()
    {
        for (final SensorConfig sensor : RigLoader.loadDefault().sensors())
        {
            assertEquals(sensor.kind() == SensorKind.CAMERA, null != sensor.camera(), sensor.name());
            assertEquals(sensor.kind() == SensorKind.RADAR, null != sensor.radar(), sensor.name());
            assertEquals(sensor.kind() == SensorKind.LIDAR, null != sensor.lidar(), sensor.name());
            assertEquals(sensor.kind() == SensorKind.ULTRASONIC, null != sensor.ultrasonic(), sensor.name());
            assertEquals(sensor.kind() == SensorKind.VEHICLE_STATE, null != sensor.vehicleState(), sensor.name());
        }
    }

    @Test
    void defaultRigCameraIntrinsicsAgreeWithFieldOfView()
    {
        final List<SensorConfig> cameras = ofKind(RigLoader.loadDefault(), SensorKind.CAMERA);
        assertEquals(12, cameras.size());
        for (final SensorConfig sensor : cameras)
        {
            final CameraSpec camera = sensor.camera();
            final double impliedHfovRad = 2 * Math.atan((camera.widthPx() / 2.0) / camera.fx());
            assertEquals(camera.hfovRad(), impliedHfovRad, Math.toRadians(0.5), sensor.name() + " hfov from fx");
            assertEquals(camera.fx(), camera.fy(), 1e-9, sensor.name() + " square pixels");
            assertEquals(camera.widthPx() / 2.0, camera.cx(), 1.0, sensor.name() + " cx");
            assertEquals(camera.heightPx() / 2.0, camera.cy(), 1.0, sensor.name() + " cy");
            assertTrue(camera.vfovRad() > 0 && camera.vfovRad() < camera.hfovRad(), sensor.name() + " vfov");
        }
    }

    @Test
    void defaultRigLidarSectorFitsOneMessage()
    {
        final List<SensorConfig> lidars = ofKind(RigLoader.loadDefault(), SensorKind.LIDAR);
        assertEquals(1, lidars.size());
        final LidarSpec lidar = lidars.get(0).lidar();

        assertEquals(128, lidar.beams());
        assertEquals(0, lidar.azimuthStepsPerRevolution() % lidar.sectors());
        assertEquals(lidar.stepsPerSector() * 128, lidar.maxPointsPerSector());
        assertEquals(Math.toRadians(-25), lidar.beamElevationRad(0), 1e-12);
        assertEquals(Math.toRadians(15), lidar.beamElevationRad(lidar.beams() - 1), 1e-12);

        // Sized from the generated codec, not from the loader's own estimate of a point's size.
        final long sectorBytes = MessageHeaderEncoder.ENCODED_LENGTH + LidarSectorEncoder.BLOCK_LENGTH +
            LidarSectorEncoder.PointsEncoder.sbeHeaderSize() +
            (long)lidar.maxPointsPerSector() * LidarSectorEncoder.PointsEncoder.sbeBlockLength();
        assertTrue(sectorBytes <= RigLoader.MAX_SENSOR_MESSAGE_BYTES, sectorBytes + " bytes per sector");
    }

    @Test
    void defaultRigRadarScanFitsOneMessage()
    {
        for (final SensorConfig sensor : ofKind(RigLoader.loadDefault(), SensorKind.RADAR))
        {
            final long scanBytes = MessageHeaderEncoder.ENCODED_LENGTH + RadarScanEncoder.BLOCK_LENGTH +
                RadarScanEncoder.DetectionsEncoder.sbeHeaderSize() +
                (long)sensor.radar().maxDetections() * RadarScanEncoder.DetectionsEncoder.sbeBlockLength();
            assertTrue(scanBytes <= RigLoader.MAX_SENSOR_MESSAGE_BYTES, sensor.name() + ": " + scanBytes + " bytes");
        }
    }

    @Test
    void defaultRigLoadsTheSameFromAFile() throws IOException
    {
        final Path file = RigText.defaultRig().writeTo(tempDir);
        final Rig fromFile = RigLoader.load(file);
        final Rig fromResource = RigLoader.loadDefault();

        assertEquals(file.toString(), fromFile.source());
        assertEquals(fromResource.name(), fromFile.name());
        assertEquals(fromResource.bus(), fromFile.bus());
        assertEquals(fromResource.vehicle(), fromFile.vehicle());
        assertEquals(fromResource.sensors(), fromFile.sensors());
    }

    @Test
    void rigOfExactlyMaxSensorsLoads()
    {
        final RigText rig = RigText.defaultRig().withExtraUltrasonics(Rig.MAX_SENSORS - 35);
        assertEquals(Rig.MAX_SENSORS, RigLoader.parse("max.yaml", rig.text()).sensorCount());
    }

    // ---------------------------------------------------------------------------------------------
    // Files that must not load: each names the file, the line, the field path and the reason
    // ---------------------------------------------------------------------------------------------

    @Test
    void rejectsUnknownKind()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "kind");

        assertRejected(rig.replace(line, "kind: camera", "kind: thermal"),
            line, sensorField(CAMERA, "kind"), "unknown kind 'thermal'", "vehicle_state");
    }

    @Test
    void rejectsDuplicateSensorId()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "id");
        final int firstId = RigLoader.loadDefault().sensor(0).id();

        assertRejected(rig.replace(line, "id: " + sensor(CAMERA).id(), "id: " + firstId),
            line, sensorField(CAMERA, "id"), "duplicate sensor id " + firstId, "sensors[0]");
    }

    @Test
    void rejectsDuplicateSensorName()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "name");
        final String firstName = RigLoader.loadDefault().sensor(0).name();

        assertRejected(rig.replace(line, "name: " + CAMERA, "name: " + firstName),
            line, sensorField(CAMERA, "name"), "duplicate sensor name '" + firstName + "'", "sensors[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "0.0", "-30", "-0.5" })
    void rejectsRateThatIsNotPositive(final String rate)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.replace(line, "rateHz: 30", "rateHz: " + rate),
            line, sensorField(CAMERA, "rateHz"), "must be positive", "was " + Double.parseDouble(rate));
    }

    @ParameterizedTest
    @ValueSource(strings = { "thirty", "30Hz", "\"\"", ".inf", ".nan" })
    void rejectsRateThatIsNotANumber(final String rate)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "rateHz");

        final RigConfigException ex = assertRejected(rig.replace(line, "rateHz: 30", "rateHz: " + rate),
            line, sensorField(CAMERA, "rateHz"));
        assertTrue(ex.reason().startsWith("expected a number") || ex.reason().startsWith("must be finite"),
            ex.reason());
    }

    @Test
    void rejectsRateAboveOneKilohertz()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.replace(line, "rateHz: 30", "rateHz: 1000.5"),
            line, sensorField(CAMERA, "rateHz"), "at most 1000 Hz");
    }

    @ParameterizedTest
    @ValueSource(strings = { "180", "180.0", "200", "0", "-10" })
    void rejectsCameraFieldOfViewOutsideOpenHalfCircle(final String hfovDeg)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "hfovDeg");

        assertRejected(rig.replace(line, "hfovDeg: 120", "hfovDeg: " + hfovDeg),
            line, sensorField(CAMERA, "camera.hfovDeg"), "(0, 180)", "was " + Double.parseDouble(hfovDeg));
    }

    @ParameterizedTest
    @ValueSource(strings = { "360.5", "400", "0", "-20" })
    void rejectsRadarFieldOfViewOutsideFullCircle(final String hfovDeg)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(RADAR, "radar");

        assertRejected(rig.replace(line, "hfovDeg: 20,", "hfovDeg: " + hfovDeg + ","),
            line, sensorField(RADAR, "radar.hfovDeg"), "(0, 360]", "was " + Double.parseDouble(hfovDeg));
    }

    @Test
    void acceptsRadarWithFullCircleFieldOfView()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(RADAR, "radar");
        final Rig loaded = RigLoader.parse("ok.yaml", rig.replace(line, "hfovDeg: 20,", "hfovDeg: 360,").text());

        assertEquals(2 * Math.PI, loaded.sensor(sensor(RADAR).index()).radar().hfovRad(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = { "180.5", "270", "0", "-60" })
    void rejectsUltrasonicFieldOfViewOutsideHalfCircle(final String fovDeg)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(ULTRASONIC, "ultrasonic");

        assertRejected(rig.replace(line, "fovDeg: 60,", "fovDeg: " + fovDeg + ","),
            line, sensorField(ULTRASONIC, "ultrasonic.fovDeg"), "(0, 180]", "was " + Double.parseDouble(fovDeg));
    }

    @Test
    void rejectsStreamIdOfAnotherSensor()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "streamId");
        final int firstStreamId = RigLoader.loadDefault().sensor(0).streamId();

        assertRejected(rig.replace(line, "streamId: " + sensor(CAMERA).streamId(), "streamId: " + firstStreamId),
            line, sensorField(CAMERA, "streamId"), "stream id " + firstStreamId, "clashes with sensors[0].streamId");
    }

    @Test
    void rejectsStreamIdOfABusStream()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "streamId");
        final int worldModelStreamId = RigLoader.loadDefault().bus().worldModelStreamId();

        assertRejected(rig.replace(line, "streamId: " + sensor(CAMERA).streamId(), "streamId: " + worldModelStreamId),
            line, sensorField(CAMERA, "streamId"), "stream id " + worldModelStreamId,
            "clashes with bus.worldModelStreamId");
    }

    @Test
    void rejectsBusStreamIdOfAnotherBusStream()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf("trajectoryStreamId");
        final BusLayout bus = RigLoader.loadDefault().bus();

        assertRejected(
            rig.replace(line, "trajectoryStreamId: " + bus.trajectoryStreamId(),
                "trajectoryStreamId: " + bus.worldModelStreamId()),
            line, "bus.trajectoryStreamId", "stream id " + bus.worldModelStreamId(),
            "clashes with bus.worldModelStreamId");
    }

    @Test
    void rejectsUnknownFieldBesideAKnownOneWithSuggestion()
    {
        final RigText rig = RigText.defaultRig();
        final int rateLine = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.insertAfter(rateLine, "    rateHzz: 30"),
            rateLine + 1, sensorField(CAMERA, "rateHzz"), "unknown field", "did you mean 'rateHz'?");
    }

    @Test
    void rejectsMisspeltRequiredFieldWithSuggestion()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.replace(line, "rateHz: 30", "rateHzz: 30"),
            line, sensorField(CAMERA, "rateHzz"), "unknown field", "did you mean 'rateHz'?");
    }

    @Test
    void rejectsMisspeltNestedFieldWithSuggestion()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(LIDAR, "lidar");

        assertRejected(rig.replace(line, "beams:", "beam:"),
            line, sensorField(LIDAR, "lidar.beam"), "unknown field", "did you mean 'beams'?");
    }

    @Test
    void rejectsUnknownFieldWithNothingClose()
    {
        final RigText rig = RigText.defaultRig();
        final int rateLine = rig.lineOf(CAMERA, "rateHz");

        final RigConfigException ex = assertRejected(rig.insertAfter(rateLine, "    colour: red"),
            rateLine + 1, sensorField(CAMERA, "colour"), "unknown field");
        assertFalse(ex.reason().contains("did you mean"), ex.reason());
    }

    @Test
    void reportsMissingFieldWhenASiblingOnlyLooksLikeIt()
    {
        // fy is a real field one letter from fx: it must not be blamed as a typo of the missing fx.
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "intrinsics");

        assertRejected(rig.replace(line, "fx: 554.3, ", ""),
            line, sensorField(CAMERA, "camera.intrinsics.fx"), "missing");
    }

    @Test
    void rejectsMissingRequiredField()
    {
        final RigText rig = RigText.defaultRig();
        final int sensorLine = rig.lineOf(CAMERA, "id");

        assertRejected(rig.remove(rig.lineOf(CAMERA, "rateHz")),
            sensorLine, sensorField(CAMERA, "rateHz"), "missing");
    }

    @Test
    void rejectsMissingTopLevelSection()
    {
        final RigText rig = RigText.defaultRig();
        final int vehicleLine = rig.lineOf("vehicle");
        RigText withoutVehicle = rig.remove(vehicleLine);
        while (withoutVehicle.line(vehicleLine).startsWith("  "))
        {
            withoutVehicle = withoutVehicle.remove(vehicleLine);
        }
        assertFalse(withoutVehicle.text().contains("wheelbaseM"));

        assertRejected(withoutVehicle, rig.lineOf("name"), "vehicle", "missing");
    }

    @Test
    void rejectsListWhereANumberBelongs()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.replace(line, "rateHz: 30", "rateHz: [30, 60]"),
            line, sensorField(CAMERA, "rateHz"), "expected a single value");
    }

    @Test
    void rejectsNumberWhereAMappingBelongs()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "mount");

        assertRejected(rig.replaceLine(line, "    mount: 2.0"),
            line, sensorField(CAMERA, "mount"), "expected a mapping");
    }

    @Test
    void rejectsMappingWhereAListBelongs()
    {
        final String yaml = RigText.defaultRig().text();
        final String head = yaml.substring(0, yaml.indexOf("sensors:"));
        final RigText rig = new RigText(head + "sensors:\n  id: 1\n");

        assertRejected(rig, rig.lineOf("sensors") + 1, "sensors", "expected a list");
    }

    @Test
    void rejectsCameraIntrinsicsInconsistentWithFieldOfView()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "intrinsics");
        final CameraSpec camera = sensor(CAMERA).camera();
        final double fx = camera.fx() * 2;
        final double impliedHfovDeg = Math.toDegrees(2 * Math.atan((camera.widthPx() / 2.0) / fx));

        assertRejected(rig.replace(line, "fx: 554.3,", "fx: " + fx + ","),
            line, sensorField(CAMERA, "camera.intrinsics.fx"), "field of view",
            String.format(Locale.ROOT, "give a %.1f degree", impliedHfovDeg), "hfovDeg is 120.0");
    }

    @Test
    void rejectsLidarSectorTooLargeForOneMessage()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(LIDAR, "lidar");
        final LidarSpec lidar = sensor(LIDAR).lidar();
        final int sectors = 8;
        final long points = (long)(lidar.azimuthStepsPerRevolution() / sectors) * lidar.beams();

        assertRejected(rig.replace(line, "sectors: " + lidar.sectors(), "sectors: " + sectors),
            line, sensorField(LIDAR, "lidar.sectors"), "a sector of " + points + " points", "would not fit",
            "use more sectors");
    }

    @Test
    void rejectsLidarSectorsThatDoNotDivideTheRevolution()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(LIDAR, "lidar");
        final LidarSpec lidar = sensor(LIDAR).lidar();

        assertRejected(rig.replace(line, "sectors: " + lidar.sectors(), "sectors: 100"),
            line, sensorField(LIDAR, "lidar.sectors"),
            "100 sectors do not divide " + lidar.azimuthStepsPerRevolution() + " azimuth steps");
    }

    @ParameterizedTest
    @ValueSource(strings = { "udp://10.0.0.2:40123", "aeron:tcp?endpoint=10.0.0.2:40123", "aeron:ipcx", "aeron:udp",
        "ipc", "" })
    void rejectsChannelThatIsNotAnAeronChannel(final String channel)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf("sensorChannel");

        assertRejected(rig.replace(line, "\"aeron:ipc\"", "\"" + channel + "\""),
            line, "bus.sensorChannel", "must be an Aeron channel URI", "was '" + channel + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "aeron:ipc?term-length=1m", "aeron:udp?endpoint=10.0.0.2:40123",
        "aeron:udp?control=10.0.0.1:40124|control-mode=dynamic" })
    void acceptsAeronChannels(final String channel)
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf("sensorChannel");

        final Rig loaded = RigLoader.parse("ok.yaml", rig.replace(line, "\"aeron:ipc\"", "\"" + channel + "\"").text());
        assertEquals(channel, loaded.bus().sensorChannel());
    }

    @Test
    void reportsTheLineOfAYamlSyntaxError()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "kind");

        final RigConfigException ex = assertRejected(rig.replace(line, "kind: camera", "kind: camera: wide"),
            line, "(syntax)", "not valid YAML");
        assertTrue(ex.reason().contains("mapping values are not allowed"), ex.reason());
    }

    @Test
    void reportsTheLineOfAnUnclosedFlowMapping()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "mount");
        final RigText broken = rig.replace(line, "yawDeg: 60.0 }", "yawDeg: 60.0");

        final Path file = broken.writeTo(tempDir);
        final RigConfigException ex = assertThrows(RigConfigException.class, () -> RigLoader.load(file));
        assertEquals("(syntax)", ex.field());
        // The parser only notices at the next token that cannot continue the mapping: the line after.
        assertEquals(line + 1, ex.line(), ex.getMessage());
        assertMessageNames(ex, file.toString(), line + 1, "(syntax)", "not valid YAML");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "\n\n", "# a rig with nothing in it\n" })
    void rejectsEmptyFile(final String content)
    {
        final RigConfigException ex = assertRejected(new RigText(content), 0, "(file)", "empty");
        assertFalse(ex.getMessage().matches(".*\\.yaml:\\d+:.*"), "no line for an empty file: " + ex.getMessage());
    }

    @Test
    void rejectsMissingFile()
    {
        final Path file = tempDir.resolve("no-such-rig.yaml");

        final RigConfigException ex = assertThrows(RigConfigException.class, () -> RigLoader.load(file));
        assertEquals(file.toString(), ex.source());
        assertEquals(0, ex.line());
        assertEquals("(file)", ex.field());
        assertMessageNames(ex, file.toString(), 0, "(file)", "no such file");
    }

    @Test
    void rejectsMissingResource()
    {
        final RigConfigException ex = assertThrows(
            RigConfigException.class, () -> RigLoader.loadResource("rigs/no-such-rig.yaml"));
        assertMessageNames(ex, "rigs/no-such-rig.yaml", 0, "(file)", "no such resource");
    }

    @Test
    void rejectsASpecBlockForAnotherKind()
    {
        final RigText rig = RigText.defaultRig();
        final int rateLine = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.insertAfter(rateLine, "    radar: { hfovDeg: 20 }"),
            rateLine + 1, sensorField(CAMERA, "radar"), "a camera sensor takes 'camera', not 'radar'");
    }

    @Test
    void rejectsVehicleStateBlockOnARadar()
    {
        final RigText rig = RigText.defaultRig();
        final int rateLine = rig.lineOf(RADAR, "rateHz");

        assertRejected(rig.insertAfter(rateLine, "    vehicleState: { speedStdMps: 0.02 }"),
            rateLine + 1, sensorField(RADAR, "vehicleState"), "a radar sensor takes 'radar', not 'vehicleState'");
    }

    @Test
    void rejectsMissingSpecBlockForItsKind()
    {
        final RigText rig = RigText.defaultRig();
        final int sensorLine = rig.lineOf(RADAR, "id");

        assertRejected(rig.remove(rig.lineOf(RADAR, "radar")), sensorLine, sensorField(RADAR, "radar"), "missing");
    }

    @Test
    void rejectsMoreThanMaxSensors()
    {
        final RigText rig = RigText.defaultRig().withExtraUltrasonics(Rig.MAX_SENSORS + 1 - 35);

        assertRejected(rig, rig.lineOf("sensors") + 1, "sensors",
            "at most " + Rig.MAX_SENSORS + " sensors, found " + (Rig.MAX_SENSORS + 1));
    }

    @Test
    void rejectsRigWithNoSensors()
    {
        final String yaml = RigText.defaultRig().text();
        final RigText rig = new RigText(yaml.substring(0, yaml.indexOf("sensors:")) + "sensors: []\n");

        assertRejected(rig, rig.lineOf("sensors"), "sensors", "no sensors");
    }

    @Test
    void rejectsDuplicateYamlKey()
    {
        final RigText rig = RigText.defaultRig();
        final int rateLine = rig.lineOf(CAMERA, "rateHz");

        assertRejected(rig.insertAfter(rateLine, "    rateHz: 60"),
            rateLine + 1, sensorField(CAMERA, "rateHz"), "appears twice");
    }

    @Test
    void rejectsDuplicateKeyInsideAFlowMapping()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "mount");

        assertRejected(rig.replace(line, "yawDeg: 60.0 }", "yawDeg: 60.0, x: 1.0 }"),
            line, sensorField(CAMERA, "mount.x"), "appears twice");
    }

    @Test
    void rejectsSensorIdOutOfRange()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "id");
        final int tooLarge = Rig.MAX_SENSOR_ID + 1;

        assertRejected(rig.replace(line, "id: " + sensor(CAMERA).id(), "id: " + tooLarge),
            line, sensorField(CAMERA, "id"), "must be in [0, " + Rig.MAX_SENSOR_ID + "]", "was " + tooLarge);
    }

    @Test
    void rejectsSensorNameWithSpaces()
    {
        final RigText rig = RigText.defaultRig();
        final int line = rig.lineOf(CAMERA, "name");

        assertRejected(rig.replace(line, "name: " + CAMERA, "name: \"front left\""),
            line, sensorField(CAMERA, "name"), "letters, digits", "was 'front left'");
    }

    // ---------------------------------------------------------------------------------------------

    private RigConfigException assertRejected(
        final RigText rig, final int line, final String field, final String... reasonParts)
    {
        final Path file = rig.writeTo(tempDir);
        final RigConfigException ex = assertThrows(RigConfigException.class, () -> RigLoader.load(file),
            () -> "expected " + field + " at line " + line + " to be rejected");

        assertEquals(file.toString(), ex.source(), ex.getMessage());
        assertEquals(line, ex.line(), ex.getMessage());
        assertEquals(field, ex.field(), ex.getMessage());
        assertMessageNames(ex, file.toString(), line, field, reasonParts);
        return ex;
    }

    private static void assertMessageNames(
        final RigConfigException ex, final String source, final int line, final String field, final String... reasonParts)
    {
        final String message = ex.getMessage();
        final String where = line > 0 ? source + ":" + line + ": " : source + ": ";
        assertTrue(message.startsWith(where + field + ": "), "file, line and field in: " + message);
        assertTrue(message.endsWith(ex.reason()), "reason in: " + message);
        assertFalse(ex.reason().isBlank(), message);
        for (final String part : reasonParts)
        {
            assertTrue(ex.reason().contains(part), "'" + part + "' in reason of: " + message);
        }
    }

    private static SensorConfig sensor(final String name)
    {
        for (final SensorConfig sensor : RigLoader.loadDefault().sensors())
        {
            if (sensor.name().equals(name))
            {
                return sensor;
            }
        }
        throw new AssertionError("no sensor " + name + " in the default rig");
    }

    private static String sensorField(final String name, final String field)
    {
        return "sensors[" + sensor(name).index() + "]." + field;
    }

    private static List<SensorConfig> ofKind(final Rig rig, final SensorKind kind)
    {
        final List<SensorConfig> sensors = new ArrayList<>();
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.kind() == kind)
            {
                sensors.add(sensor);
            }
        }
        return sensors;
    }

    /**
     * The text of a rig file, edited a line at a time; line numbers are 1-based as in the loader's errors.
     */
    private static final class RigText
    {
        private final List<String> lines;

        RigText(final String text)
        {
            this.lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        }

        private RigText(final List<String> lines)
        {
            this.lines = lines;
        }

        static RigText defaultRig()
        {
            try (InputStream in = RigLoader.class.getClassLoader().getResourceAsStream(RigLoader.DEFAULT_RIG_RESOURCE))
            {
                assertNotNull(in, RigLoader.DEFAULT_RIG_RESOURCE);
                return new RigText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        String text()
        {
            return String.join("\n", lines);
        }

        String line(final int line)
        {
            return lines.get(line - 1);
        }

        /**
         * @return line of the first top-level or bus key {@code key}.
         */
        int lineOf(final String key)
        {
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).trim().startsWith(key + ":"))
                {
                    return i + 1;
                }
            }
            throw new AssertionError("no line for " + key);
        }

        /**
         * @return line of {@code key} within the list entry of the sensor named {@code sensorName}.
         */
        int lineOf(final String sensorName, final String key)
        {
            int nameLine = -1;
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).trim().equals("name: " + sensorName))
                {
                    nameLine = i;
                    break;
                }
            }
            assertTrue(nameLine >= 0, "no sensor " + sensorName);
            int start = nameLine;
            while (!lines.get(start).trim().startsWith("- "))
            {
                start--;
            }
            for (int i = start; i < lines.size() && (i == start || !lines.get(i).trim().startsWith("- ")); i++)
            {
                final String trimmed = lines.get(i).trim();
                final String field = trimmed.startsWith("- ") ? trimmed.substring(2) : trimmed;
                if (field.startsWith(key + ":"))
                {
                    return i + 1;
                }
            }
            throw new AssertionError("no " + key + " for sensor " + sensorName);
        }

        RigText replace(final int line, final String from, final String to)
        {
            final String original = lines.get(line - 1);
            assertTrue(original.contains(from), "'" + from + "' not on line " + line + ": " + original);
            return replaceLine(line, original.replace(from, to));
        }

        RigText replaceLine(final int line, final String content)
        {
            final List<String> edited = new ArrayList<>(lines);
            edited.set(line - 1, content);
            return new RigText(edited);
        }

        RigText insertAfter(final int line, final String content)
        {
            final List<String> edited = new ArrayList<>(lines);
            edited.add(line, content);
            return new RigText(edited);
        }

        RigText remove(final int line)
        {
            final List<String> edited = new ArrayList<>(lines);
            edited.remove(line - 1);
            return new RigText(edited);
        }

        /**
         * Appends {@code count} valid ultrasonic sensors with fresh ids, names and stream ids.
         */
        RigText withExtraUltrasonics(final int count)
        {
            final StringBuilder text = new StringBuilder(text());
            if (text.charAt(text.length() - 1) != '\n')
            {
                text.append('\n');
            }
            for (int i = 0; i < count; i++)
            {
                text.append("  - id: ").append(1000 + i).append('\n')
                    .append("    name: uss_extra_").append(i).append('\n')
                    .append("    kind: ultrasonic\n")
                    .append("    streamId: ").append(5000 + i).append('\n')
                    .append("    rateHz: 20\n")
                    .append("    mount: { x: 1.0, y: 0.9, z: 0.5, rollDeg: 0.0, pitchDeg: 0.0, yawDeg: 90.0 }\n")
                    .append("    ultrasonic: { fovDeg: 60, minRangeM: 0.15, maxRangeM: 5.0, rangeStdM: 0.02 }\n");
            }
            return new RigText(text.toString());
        }

        Path writeTo(final Path dir)
        {
            try
            {
                final Path file = Files.createTempFile(dir, "rig-", ".yaml");
                Files.writeString(file, text(), StandardCharsets.UTF_8);
                return file;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
