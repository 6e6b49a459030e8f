package io.fusebox.runtime.planning;

import io.fusebox.planner.Planner;
import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.runtime.scenarios.ScenarioJudge;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.VehicleGeometry;
import io.fusebox.sensors.sim.GroundTruth;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * A scenario driven closed loop: the simulator steps the world, ground truth stands in for fusion's world
 * model every 100 ms of message time, the planner plans on it, and the {@link TrajectoryFollower} drives the
 * ego along the result. Only the vehicle-state sensor is simulated: it advances the world in 10 ms steps at
 * little cost. Judged by the scenario suite's {@link ScenarioJudge}.
 */
final class ClosedLoop
{
    static final long CLOCK_BASE_NS = 1_000_000_000_000L;
    static final long PLAN_INTERVAL_NS = 100_000_000L;
    private static final boolean TRACE = null != System.getenv("CLOSEDLOOP_TRACE");

    final Rig rig = vehicleStateOnly();
    final RigSimulator simulator;
    final Planner planner;
    final TrajectoryFollower follower;
    private final LaneMap map;
    private final GroundTruthWorldModel worldModel = new GroundTruthWorldModel(150);
    private final UnsafeBuffer sensorBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final UnsafeBuffer worldModelBuffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final UnsafeBuffer trajectoryBuffer = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer pendingBuffer = new UnsafeBuffer(new byte[4096]);
    private long nextPlanNs = CLOCK_BASE_NS;
    private long deliveryDelayNs;
    private long pendingDeliveryNs = Long.MAX_VALUE;
    private int pendingLength;
    private boolean isPlanning = true;

    final ScenarioJudge judge;
    final Set<Maneuver> maneuvers = EnumSet.noneOf(Maneuver.class);
    int plans;
    /** Largest distance of the rear axle from the nearest lane centre while no lane change was under way. */
    double maxAbsLateralOffsetM;

    ClosedLoop(final String scenario)
    {
        simulator = new RigSimulator(rig, ScenarioCatalog.byName(scenario), 7, CLOCK_BASE_NS);
        // Ground-truth world models are in the world frame.
        map = ScenarioLaneMaps.of(simulator.world().scenario(), CLOCK_BASE_NS);
        final VehicleGeometry vehicle = rig.vehicle();
        judge = new ScenarioJudge(vehicle, 0);
        planner = new Planner(new PlannerContext().vehicle(vehicle));
        follower = new TrajectoryFollower(new TrajectoryFollowerContext()
            .wheelbaseM(vehicle.wheelbaseM())
            .clockBaseNs(CLOCK_BASE_NS));
        simulator.world().egoDriver(follower);
    }

    /**
     * Delivers each trajectory to the follower this long after its world model's time, as a bus and a busy planner
     * would (less than the planning interval).
     */
    ClosedLoop deliveryDelayNs(final long delayNs)
    {
        deliveryDelayNs = delayNs;
        return this;
    }

    /** Stops planning: the follower is left with the last trajectory. */
    ClosedLoop stopPlanning()
    {
        isPlanning = false;
        return this;
    }

    ClosedLoop run(final double seconds)
    {
        final long endNs = simulator.nextCaptureTimeNs() + (long)(seconds * 1e9);
        while (simulator.nextCaptureTimeNs() < endNs)
        {
            final long captureNs = simulator.nextCaptureTimeNs();
            simulator.encodeNext(sensorBuffer, 0);
            if (captureNs >= pendingDeliveryNs)
            {
                follower.onTrajectory(pendingBuffer, 0, pendingLength);
                pendingDeliveryNs = Long.MAX_VALUE;
            }
            if (isPlanning && captureNs >= nextPlanNs)
            {
                nextPlanNs += PLAN_INTERVAL_NS;
                final GroundTruth truth = simulator.world().groundTruth();
                final int length = worldModel.encode(truth, captureNs, worldModelBuffer, 0);
                final int written = planner.plan(worldModelBuffer, 0, length, map, trajectoryBuffer, 0);
                if (written <= 0)
                {
                    throw new IllegalStateException("cycle at " + captureNs + ": planned " + written);
                }
                if (0 == deliveryDelayNs)
                {
                    // Refused only before the world's first step, when the follower has no pose to anchor it at.
                    follower.onTrajectory(trajectoryBuffer, 0, written);
                }
                else
                {
                    pendingBuffer.putBytes(0, trajectoryBuffer, 0, written);
                    pendingLength = written;
                    pendingDeliveryNs = captureNs + deliveryDelayNs;
                }
                plans++;
                if (TRACE)
                {
                    System.out.printf("%.1f %s lane %d x %.1f y %.2f v %.2f a %.2f ttc %.2f lead %.1f blocked %b %d/%d off %.3f steer %.4f%n",
                        (captureNs - CLOCK_BASE_NS) * 1e-9, planner.lastManeuver(), planner.targetLane(), truth.egoX(),
                        truth.egoY(), truth.egoSpeed(), truth.egoAcceleration(), planner.lastTimeToCollision(),
                        planner.lastLeadGap(), planner.lastLaneBlocked(), planner.lastValidCandidates(),
                        planner.lastCandidates(), planner.lastEgoOffsetM(), follower.actuatorSteeringRad());
                }
                maneuvers.add(planner.lastManeuver());
                if (planner.lastManeuver() != Maneuver.LANE_CHANGE_LEFT &&
                    planner.lastManeuver() != Maneuver.LANE_CHANGE_RIGHT && planner.lastManeuver() != Maneuver.EMERGENCY_STOP)
                {
                    maxAbsLateralOffsetM = Math.max(maxAbsLateralOffsetM, Math.abs(planner.lastEgoOffsetM()));
                }
                judge.emergency(planner.lastManeuver() == Maneuver.EMERGENCY_STOP, captureNs - CLOCK_BASE_NS);
            }
            judge.observe(simulator.world().groundTruth(), simulator.world().ego());
        }
        return this;
    }

    String summary()
    {
        final String name = simulator.world().scenario().name();
        final GroundTruth truth = simulator.world().groundTruth();
        return name + String.format(": t=%.1f s ego x=%.1f y=%.2f v=%.2f; %d plans, collisions %d, min gap %.2f m, " +
            "min TTC %.2f s, max |a| %.2f, max lane offset %.2f m, manoeuvres %s, last %s, follower took %d refused %d",
            simulator.world().timeNs() * 1e-9, truth.egoX(), truth.egoY(), truth.egoSpeed(), plans, judge.collisions(),
            judge.minGapM(), judge.minTtcS(), judge.maxAbsAccelerationMps2(), maxAbsLateralOffsetM, maneuvers, planner.lastManeuver(),
            follower.trajectoriesAccepted(), follower.trajectoriesRefused());
    }

    /** The default rig with only its vehicle-state sensor. */
    static Rig vehicleStateOnly()
    {
        final String yaml;
        try (InputStream in = ClosedLoop.class.getClassLoader().getResourceAsStream(RigLoader.DEFAULT_RIG_RESOURCE))
        {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final StringBuilder kept = new StringBuilder();
        final StringBuilder block = new StringBuilder();
        boolean inSensors = false;
        for (final String line : yaml.split("\n", -1))
        {
            if (line.startsWith("  - id:"))
            {
                flush(kept, block);
                inSensors = true;
            }
            (inSensors ? block : kept).append(line).append('\n');
        }
        flush(kept, block);
        return RigLoader.parse("vehicle-state-only", kept.toString());
    }

    private static void flush(final StringBuilder kept, final StringBuilder block)
    {
        if (block.indexOf("kind: vehicle_state\n") >= 0)
        {
            kept.append(block);
        }
        block.setLength(0);
    }
}
