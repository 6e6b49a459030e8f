package io.fusebox.runtime.scenarios;

import io.fusebox.planner.Planner;
import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionEngine;
import io.fusebox.runtime.fusion.FusionOutput;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScorer;
import io.fusebox.runtime.fusion.evaluation.GroundTruthTap;
import io.fusebox.runtime.fusion.evaluation.InProcessSequencer;
import io.fusebox.runtime.fusion.evaluation.ScenarioEvaluation;
import io.fusebox.runtime.planning.Handover;
import io.fusebox.runtime.planning.ScenarioLaneMaps;
import io.fusebox.runtime.planning.TrajectoryFollower;
import io.fusebox.runtime.planning.TrajectoryFollowerContext;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.GroundTruthFrame;
import io.fusebox.sensors.sim.GroundTruthRing;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioCatalog;
import io.fusebox.sensors.sim.SensorFailure;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario driven closed loop in lock-step message time, through the same classes the agents run: the
 * {@link RigSimulator} with the whole rig feeds an {@link InProcessSequencer} feeds a {@link FusionEngine}; each
 * world model goes to the {@link Planner} with the scenario's lanes, and its trajectory straight to the
 * {@link TrajectoryFollower} that drives the simulated ego from the next world step on, once the planner has taken
 * the wheel ({@link Handover}, at 2 s). Nothing depends on the
 * wall clock, so a run is reproducible bit for bit and as fast as the machine allows.
 *
 * <p>Fusion's world models are also scored against ground truth at their own time ({@link GroundTruthTap}), and a
 * {@link ScenarioJudge} watches the world after every message.
 */
public final class ClosedLoopScenario
{
    private static final int GROUND_TRUTH_FRAMES = 8;
    /** Fusion may take this long after a failure to call the sensor missing: three of its periods and a margin. */
    private static final long DEGRADED_WITHIN_NS = 1_000_000_000L;

    private ClosedLoopScenario()
    {
    }

    /**
     * Drives {@code spec} and judges it against {@code limits}.
     */
    public static ScenarioResult run(final Rig rig, final ScenarioSpec spec, final long seed, final JudgeLimits limits)
    {
        return run(rig, spec, seed, limits, null);
    }

    /**
     * Drives {@code spec} and judges it against {@code limits}, tracing every plan to {@code trace} when it is not
     * null.
     */
    public static ScenarioResult run(
        final Rig rig, final ScenarioSpec spec, final long seed, final JudgeLimits limits, final PlanTrace trace)
    {
        final long clockBaseNs = ScenarioEvaluation.CLOCK_BASE_NS;
        final Scenario scenario = ScenarioCatalog.byName(spec.name());
        final RigSimulator simulator = new RigSimulator(rig, scenario, seed, clockBaseNs);
        final LaneMap laneMap = ScenarioLaneMaps.inOdometryFrame(scenario, clockBaseNs, simulator.world().ego());
        final TrajectoryFollower follower = new TrajectoryFollower(new TrajectoryFollowerContext()
            .wheelbaseM(rig.vehicle().wheelbaseM())
            .clockBaseNs(clockBaseNs));
        Handover.install(simulator.world(), follower, Handover.DEFAULT_HANDOVER_SIM_TIME_NS);
        final Planner planner = new Planner(new PlannerContext().vehicle(rig.vehicle()));
        final FusionContext fusionContext = new FusionContext().rig(rig);
        final GroundTruthRing ring = new GroundTruthRing(GROUND_TRUTH_FRAMES, scenario.actorCount());
        final InProcessSequencer sequencer = new InProcessSequencer(rig,
            new GroundTruthTap(simulator, simulator, ring, fusionContext.worldModelPeriodNs()));
        final ScenarioJudge judge = new ScenarioJudge(rig.vehicle(), Handover.DEFAULT_HANDOVER_SIM_TIME_NS);
        final GroundTruthScorer scorer = ScenarioEvaluation.newScorer(rig);
        final long failedMask = failedSensors(rig, scenario);
        final long failedAtNs = clockBaseNs + firstFailureNs(scenario);

        final WorldModelSink sink = new WorldModelSink(planner, laneMap, follower, judge, ring, scorer,
            clockBaseNs + ScenarioEvaluation.DEFAULT_WARM_UP_NS, failedMask, failedAtNs + DEGRADED_WITHIN_NS,
            scenario.actorCount(), trace);
        final FusionEngine engine = new FusionEngine(fusionContext, sink);
        final UnsafeBuffer input = new UnsafeBuffer(
            ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH));

        final long startWallNs = System.nanoTime();
        final long endNs = clockBaseNs + (long)(spec.seconds() * 1e9);
        while (sequencer.nextCaptureTimeNs() < endNs)
        {
            final int length = sequencer.encodeNext(input, 0);
            judge.observe(simulator.world().groundTruth(), simulator.world().ego());
            engine.onInput(input, 0, length);
        }
        final double wallS = (System.nanoTime() - startWallNs) / 1e9;
        final double finalSpeed = simulator.world().groundTruth().egoSpeed();
        final boolean degradedDetected = 0 == failedMask || sink.degradedChecks > 0 && sink.degradedMisses == 0;

        final List<String> failures = new ArrayList<>();
        if (judge.collisions() > 0)
        {
            failures.add(judge.collisions() + " collision(s)");
        }
        if (judge.minGapM() < limits.minGapM())
        {
            failures.add(String.format(Locale.ROOT, "min gap %.2f m < %.2f m", judge.minGapM(), limits.minGapM()));
        }
        if (judge.minTtcS() < limits.minTtcS())
        {
            failures.add(String.format(Locale.ROOT, "min TTC %.2f s < %.2f s", judge.minTtcS(), limits.minTtcS()));
        }
        if (judge.maxAbsAccelerationMps2() > limits.maxAbsAccelMps2())
        {
            failures.add(String.format(Locale.ROOT, "max |a| %.2f m/s2 > %.2f m/s2 at %.2f s",
                judge.maxAbsAccelerationMps2(), limits.maxAbsAccelMps2(), judge.maxAccelerationAtNs() * 1e-9));
        }
        if (judge.maxAbsJerkMps3() > limits.maxAbsJerkMps3())
        {
            failures.add(String.format(Locale.ROOT, "max |jerk| %.2f m/s3 > %.2f m/s3 at %.2f s",
                judge.maxAbsJerkMps3(), limits.maxAbsJerkMps3(), judge.maxJerkAtNs() * 1e-9));
        }
        if (judge.distanceM() < spec.goalM())
        {
            failures.add(String.format(Locale.ROOT, "drove %.0f m of the %.0f m goal in %.0f s", judge.distanceM(),
                spec.goalM(), spec.seconds()));
        }
        if (spec.mustStop() && finalSpeed > limits.stoppedMps())
        {
            failures.add(String.format(Locale.ROOT, "still moving at %.2f m/s at the end", finalSpeed));
        }
        if (!spec.mayEmergencyStop() && judge.emergencyStops() > 0)
        {
            failures.add(judge.emergencyStops() + " emergency stop(s) where none belongs");
        }
        if (!degradedDetected)
        {
            failures.add("fusion did not mark the failed sensors missing (" + sink.degradedMisses + " of " +
                sink.degradedChecks + " world models)");
        }
        return new ScenarioResult(spec.name(), failures.isEmpty(), failures.isEmpty() ? "ok" : String.join("; ", failures),
            judge.collisions(), judge.minGapM(), judge.minTtcS(), judge.maxAbsAccelerationMps2(), judge.maxAbsJerkMps3(),
            judge.distanceM(), finalSpeed, judge.emergencyStops(), sink.plans, degradedDetected, scorer.result(), wallS);
    }

    private static long failedSensors(final Rig rig, final Scenario scenario)
    {
        long mask = 0;
        for (final SensorFailure failure : scenario.sensorFailures())
        {
            for (int i = 0; i < rig.sensorCount(); i++)
            {
                if (rig.sensor(i).id() == failure.sensorId())
                {
                    mask |= 1L << i;
                }
            }
        }
        return mask;
    }

    private static long firstFailureNs(final Scenario scenario)
    {
        double first = Double.POSITIVE_INFINITY;
        for (final SensorFailure failure : scenario.sensorFailures())
        {
            first = Math.min(first, failure.atS());
        }
        return Double.isInfinite(first) ? 0 : Math.round(first * 1e9);
    }

    /**
     * Where fusion's world models go: planned on at once (the trajectory reaches the ego before the world's next
     * step), scored against ground truth of their time, and checked for the failed sensors.
     */
    private static final class WorldModelSink implements FusionOutput
    {
        private final Planner planner;
        private final LaneMap laneMap;
        private final TrajectoryFollower follower;
        private final ScenarioJudge judge;
        private final GroundTruthRing ring;
        private final GroundTruthScorer scorer;
        private final GroundTruthFrame frame;
        private final long scoreFromNs;
        private final long failedMask;
        private final long degradedFromNs;
        private final UnsafeBuffer trajectory;
        private final PlanTrace trace;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final WorldModelDecoder worldModel = new WorldModelDecoder();
        private long plans;
        private long degradedChecks;
        private long degradedMisses;

        WorldModelSink(
            final Planner planner,
            final LaneMap laneMap,
            final TrajectoryFollower follower,
            final ScenarioJudge judge,
            final GroundTruthRing ring,
            final GroundTruthScorer scorer,
            final long scoreFromNs,
            final long failedMask,
            final long degradedFromNs,
            final int maxActors,
            final PlanTrace trace)
        {
            this.trace = trace;
            this.planner = planner;
            this.laneMap = laneMap;
            this.follower = follower;
            this.judge = judge;
            this.ring = ring;
            this.scorer = scorer;
            this.frame = new GroundTruthFrame(maxActors);
            this.scoreFromNs = scoreFromNs;
            this.failedMask = failedMask;
            this.degradedFromNs = degradedFromNs;
            this.trajectory = new UnsafeBuffer(ByteBuffer.allocateDirect(planner.encodedLength()));
        }

        public void onWorldModel(final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final long timeNs = worldModel.timeNs();
            final int written = planner.plan(buffer, offset, length, laneMap, trajectory, 0);
            if (written > 0)
            {
                follower.onTrajectory(trajectory, 0, written);
                plans++;
                final boolean isEmergency = planner.lastManeuver() == Maneuver.EMERGENCY_STOP;
                judge.emergency(isEmergency, timeNs - ScenarioEvaluation.CLOCK_BASE_NS);
                if (null != trace)
                {
                    trace.onPlan((timeNs - ScenarioEvaluation.CLOCK_BASE_NS) * 1e-9, planner, buffer, offset,
                        ring.copyAt(timeNs, frame) ? frame : null);
                }
            }
            if (timeNs >= scoreFromNs && ring.copyAt(timeNs, frame))
            {
                scorer.score(buffer, offset, frame);
            }
            if (0 != failedMask && timeNs >= degradedFromNs)
            {
                degradedChecks++;
                degradedMisses += (worldModel.missingSensors() & failedMask) == failedMask ? 0 : 1;
            }
        }

        public void onSensorHealth(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }
}
