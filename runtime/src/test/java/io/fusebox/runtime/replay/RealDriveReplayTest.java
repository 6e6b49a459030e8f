package io.fusebox.runtime.replay;

import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.inspect.SensorFigures;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.testing.FusionInputCollector;
import io.fusebox.runtime.testing.FusionOutputs;
import io.fusebox.runtime.testing.TestDriveLogs;
import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays of a real recorded drive through the real fusion agent. {@code --drop} and {@code --delay}: a
 * dropped sensor is reported silent in health and missing in world models; a delayed one arrives late,
 * re-sequenced as a live sequencer would have stamped it, and fusion counts its messages late.
 * {@code --only}: with a sensor kind filtered out, replays are still deterministic, byte for byte.
 */
class RealDriveReplayTest
{
    private static final int LIDAR_ID = 31;
    private static final int RADAR_ID = 21;
    private static final long DELAY_NS = 50_000_000L;

    @TempDir
    static Path root;
    private static Path drive;
    private static DriveLogInspection inspection;

    @BeforeAll
    static void recordADrive()
    {
        drive = TestDriveLogs.drive(root, "highway-cruise", 4);
        inspection = DriveLogInspection.inspect(drive);
    }

    @Test
    void aDroppedLidarIsMissingInWorldModelsAndNotOkInHealth()
    {
        final Rig rig = inspection.header().rig();
        final int lidarIndex = rig.indexOf(LIDAR_ID);

        final FusionOutputs clean = replay(new ReplayFaults());
        assertEquals(0, missingBits(clean, lidarIndex), "the LiDAR talks in the recording");

        final FusionOutputs faulted = new FusionOutputs();
        final ReplayReport report = run(new ReplayFaults().drop(LIDAR_ID), faulted);
        assertEquals(sensor(LIDAR_ID).messages(), report.faults().dropped(), report.summaryText());
        assertEquals(0, report.faults().delayed());
        assertEquals(inspection.stream(io.fusebox.replay.log.RecordedStream.FUSION_INPUT).messages() -
            sensor(LIDAR_ID).messages(), report.messages());
        assertTrue(report.isComplete(), report.summaryText());
        assertTrue(report.summaryText().contains("faults (drop 31): " + sensor(LIDAR_ID).messages() +
            " messages withheld"), report.summaryText());

        final FusionInputCollector inputs = faulted.inputs();
        assertEquals(report.messages(), inputs.count());
        for (int i = 0; i < inputs.count(); i++)
        {
            assertNotEquals(LIDAR_ID, inputs.sensorIds.getInt(i));
            assertEquals(inputs.globalSequences.getLong(0) + i, inputs.globalSequences.getLong(i),
                "a dead sensor leaves no hole in the live sequence");
        }
        assertTrue(missingBits(faulted, lidarIndex) > 0, "world models name the LiDAR missing");
        final byte[] lastHealth = faulted.healthReports().get(faulted.healthReports().size() - 1);
        assertNotEquals(HealthState.OK, FusionOutputs.healthState(lastHealth, LIDAR_ID));
        assertEquals(HealthState.OK, FusionOutputs.healthState(lastHealth, RADAR_ID));
    }

    @Test
    void aDelayedRadarArrivesLateAndFusionCountsItLate()
    {
        final Rig rig = inspection.header().rig();
        final int radarIndex = rig.indexOf(RADAR_ID);
        final FusionOutputs clean = replay(new ReplayFaults());
        // Mostly on time in the recording (a loaded machine can make a few live inputs late).
        final long cleanLate = clean.fusion().engine().late(radarIndex);
        assertTrue(cleanLate < sensor(RADAR_ID).messages() / 4, cleanLate + " late in the recording");

        final FusionOutputs faulted = new FusionOutputs();
        final ReplayReport report = run(new ReplayFaults().delay(RADAR_ID, DELAY_NS), faulted);
        final long radarMessages = sensor(RADAR_ID).messages();
        assertEquals(radarMessages, report.faults().delayed());
        assertEquals(inspection.stream(io.fusebox.replay.log.RecordedStream.FUSION_INPUT).messages(), report.messages(),
            "a late sensor is late, not lost");
        assertTrue(report.isComplete(), report.summaryText());

        // 50 ms is beyond fusion's 20 ms reorder window: most radar scans now come after newer inputs were applied
        // (not all: where the recording's other streams ran late themselves, a scan can still be in time).
        final long late = faulted.fusion().engine().late(radarIndex);
        assertTrue(late - cleanLate >= radarMessages / 2 && late <= radarMessages,
            late + " of " + radarMessages + " late, " + cleanLate + " without the delay");

        // Re-sequenced as received: contiguous global sequence, receive times in order, the radar's 50 ms later
        // than recorded (the clean replay publishes the recorded stamps).
        final FusionInputCollector inputs = faulted.inputs();
        final Map<Long, Long> recordedReceive = new HashMap<>();
        final FusionInputCollector cleanInputs = clean.inputs();
        for (int i = 0; i < cleanInputs.count(); i++)
        {
            if (cleanInputs.sensorIds.getInt(i) == RADAR_ID)
            {
                recordedReceive.put(cleanInputs.sensorSequences.getLong(i), cleanInputs.receiveTimes.getLong(i));
            }
        }
        int radarSeen = 0;
        for (int i = 0; i < inputs.count(); i++)
        {
            assertEquals(inputs.globalSequences.getLong(0) + i, inputs.globalSequences.getLong(i));
            if (i > 0)
            {
                assertTrue(inputs.receiveTimes.getLong(i) >= inputs.receiveTimes.getLong(i - 1), "in arrival order at " + i);
            }
            if (inputs.sensorIds.getInt(i) == RADAR_ID)
            {
                radarSeen++;
                assertEquals(recordedReceive.get(inputs.sensorSequences.getLong(i)) + DELAY_NS, inputs.receiveTimes.getLong(i));
            }
        }
        assertEquals(radarMessages, radarSeen);
    }

    @Test
    void replaysWithOneSensorKindFilteredOutProduceIdenticalWorldModels()
    {
        final Set<SensorKind> allButRadar = EnumSet.complementOf(EnumSet.of(SensorKind.RADAR));
        final FusionOutputs first = new FusionOutputs();
        final FusionOutputs second = new FusionOutputs();
        final ReplayReport firstReport = runOnly(allButRadar, first);
        final ReplayReport secondReport = runOnly(allButRadar, second);
        assertTrue(firstReport.filtered() > 0 && firstReport.filtered() == secondReport.filtered(), firstReport.summaryText());
        assertTrue(firstReport.isComplete() && secondReport.isComplete());

        assertTrue(first.worldModels().size() > 20, "world models: " + first.worldModels().size());
        assertEquals(first.worldModels().size(), second.worldModels().size());
        for (int i = 0; i < first.worldModels().size(); i++)
        {
            assertArrayEquals(first.worldModels().get(i), second.worldModels().get(i), "world model #" + i);
        }
        // And filtering changed what fusion made, so the comparison above is not of two unfiltered replays.
        final FusionOutputs all = replay(new ReplayFaults());
        assertFalse(IntStream.range(0, Math.min(all.worldModels().size(), first.worldModels().size()))
            .allMatch(i -> Arrays.equals(all.worldModels().get(i), first.worldModels().get(i))));
    }

    @Test
    void unknownSensorsAndFaultsWithVerifyAreRefused()
    {
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> run(new ReplayFaults().drop(99), new FusionOutputs()));
        assertTrue(unknown.getMessage().startsWith("drop: sensor 99 is not in the recorded rig"), unknown.getMessage());
        final IllegalArgumentException verify = assertThrows(IllegalArgumentException.class,
            () -> new ReplayContext().drive(drive).verify(true).faults(new ReplayFaults().delay(RADAR_ID, DELAY_NS))
                .conclude());
        assertTrue(verify.getMessage().startsWith("verify: with --drop or --delay"), verify.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReplayFaults().drop(RADAR_ID).delay(RADAR_ID, DELAY_NS));
        assertThrows(IllegalArgumentException.class, () -> new ReplayFaults().delay(RADAR_ID, 0));
    }

    private static SensorFigures sensor(final int sensorId)
    {
        return inspection.sensors().stream().filter(s -> s.sensorId() == sensorId).findFirst().orElseThrow();
    }

    private static FusionOutputs replay(final ReplayFaults faults)
    {
        final FusionOutputs outputs = new FusionOutputs();
        final ReplayReport report = run(faults, outputs);
        assertTrue(report.isComplete(), report.summaryText());
        return outputs;
    }

    private static ReplayReport runOnly(final Set<SensorKind> only, final FusionOutputs outputs)
    {
        return Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX).profile(Profile.LAPTOP)
            .pipeline(outputs).only(only), new PrintWriter(new StringWriter()), () -> true);
    }

    private static ReplayReport run(final ReplayFaults faults, final FusionOutputs outputs)
    {
        return Replay.run(new ReplayContext().drive(drive).rate(ReplayContext.RATE_MAX).profile(Profile.LAPTOP)
            .pipeline(outputs).faults(faults), new PrintWriter(new StringWriter()), () -> true);
    }

    /**
     * @return world models that name the sensor at this rig index missing.
     */
    private static long missingBits(final FusionOutputs outputs, final int sensorIndex)
    {
        final List<byte[]> models = outputs.worldModels();
        return models.stream().filter(m -> (FusionOutputs.missingSensors(m) & (1L << sensorIndex)) != 0).count();
    }
}
