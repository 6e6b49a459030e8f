package io.fusebox.runtime.planning;

import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.EntryKind;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioCatalog;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * What replay runs on a recorded drive: fusion and the planner, as the drive ran them, so {@code --verify}
 * compares trajectories as well as world models. The planner's lanes are rebuilt from the scenario the log names,
 * in fusion's odometry frame (the ego's start pose is the scenario's), with the signals timed from the drive's
 * sensor clock base: the first recorded input's capture time less the simulator's offset of its first message.
 */
public final class ReplayPlanning
{
    private ReplayPlanning()
    {
    }

    /**
     * @param drive the drive log's folder.
     * @return fusion and, when the log names a scenario of the catalogue, the planner.
     */
    public static ReplayPipeline fusionAndPlanner(final Path drive)
    {
        return (bus, header) ->
        {
            final FusionAgent fusion = new FusionAgent(bus, new FusionContext().rig(bus.rig()));
            if (!ScenarioCatalog.names().contains(header.scenario()))
            {
                return List.of(fusion);
            }
            final Rig rig = bus.rig();
            final Scenario scenario = ScenarioCatalog.byName(header.scenario());
            final RigSimulator start = new RigSimulator(rig, scenario, header.seed(), 0);
            final long clockBaseNs = firstCaptureTimeNs(drive) - start.nextCaptureTimeNs();
            final LaneMap laneMap = ScenarioLaneMaps.inOdometryFrame(scenario, clockBaseNs, start.world().ego());
            return List.of(fusion, new PlannerAgent(bus, new PlannerAgentContext()
                .plannerContext(new PlannerContext().vehicle(rig.vehicle()))
                .laneMap(laneMap)
                .clock(null)));
        };
    }

    /**
     * Every sensor message opens with its stamp, capture time first.
     */
    private static long firstCaptureTimeNs(final Path drive)
    {
        try (DriveLogReader reader = DriveLogReader.open(drive))
        {
            while (reader.next())
            {
                if (EntryKind.MESSAGE == reader.kind() && RecordedStream.FUSION_INPUT == reader.stream())
                {
                    return reader.buffer().getLong(reader.offset() + BusContext.FUSION_INPUT_ENVELOPE_LENGTH +
                        MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
                }
            }
        }
        throw new IllegalArgumentException(drive + ": no fusion input recorded, so no clock to time the signals by");
    }
}
