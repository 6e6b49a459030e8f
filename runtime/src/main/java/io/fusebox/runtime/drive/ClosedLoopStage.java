package io.fusebox.runtime.drive;

import io.aeron.Subscription;
import io.fusebox.planner.PlannerContext;
import io.fusebox.planner.map.LaneMap;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScore;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScoreAgent;
import io.fusebox.runtime.fusion.evaluation.GroundTruthTap;
import io.fusebox.runtime.fusion.evaluation.ScenarioEvaluation;
import io.fusebox.runtime.planning.ClosedLoopSource;
import io.fusebox.runtime.planning.PlannerAgent;
import io.fusebox.runtime.planning.PlannerAgentContext;
import io.fusebox.runtime.planning.ScenarioLaneMaps;
import io.fusebox.runtime.planning.TrajectoryFollower;
import io.fusebox.runtime.planning.TrajectoryFollowerContext;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.sim.GroundTruthRing;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What makes a drive closed loop, and scores its fusion: the {@link PlannerAgent}, started with fusion, plans on
 * every world model with the scenario's lanes ({@link ScenarioLaneMaps}, in fusion's odometry frame); the
 * simulated ego follows the published trajectories ({@link ClosedLoopSource}, on the rig's thread); a
 * {@link GroundTruthTap} keeps the simulator's ground truth at each world model's time, which a
 * {@link GroundTruthScoreAgent} scores fusion against, after the planner, in the same group of agents. Cycle times of fusion and planning are
 * gathered per report interval and for the whole drive.
 */
final class ClosedLoopStage implements AutoCloseable
{
    /** 6.4 s of world models at 10 Hz: the scorer may fall that far behind before frames are lost. */
    private static final int GROUND_TRUTH_FRAMES = 64;

    private final FusionAgent fusion;
    private final PlannerAgent planner;
    private final GroundTruthScoreAgent scorer;
    private final Subscription trajectories;
    private final TrajectoryFollower follower;
    private final SensorMessageSource source;
    private final Histogram fusionCycles = DriveReport.newHistogram();
    private final Histogram plannerCycles = DriveReport.newHistogram();
    private Histogram fusionInterval;
    private Histogram plannerInterval;

    /**
     * @param simulator the drive's rig, not yet stepped; its ego is handed to the trajectory follower.
     * @param scoreFromNs world models before this message time are not scored.
     */
    ClosedLoopStage(
        final Bus bus,
        final Rig rig,
        final Scenario scenario,
        final RigSimulator simulator,
        final FusionAgent fusion,
        final EpochNanoClock clock,
        final long clockBaseNs,
        final long scoreFromNs)
    {
        this.fusion = fusion;
        final LaneMap laneMap = ScenarioLaneMaps.inOdometryFrame(scenario, clockBaseNs, simulator.world().ego());
        final int actors = scenario.actorCount();
        final GroundTruthRing ring = new GroundTruthRing(GROUND_TRUTH_FRAMES, actors);
        PlannerAgent addedPlanner = null;
        GroundTruthScoreAgent addedScorer = null;
        Subscription addedTrajectories = null;
        try
        {
            addedPlanner = new PlannerAgent(bus, new PlannerAgentContext()
                .plannerContext(new PlannerContext().vehicle(rig.vehicle()))
                .laneMap(laneMap)
                .clock(clock));
            addedScorer = new GroundTruthScoreAgent(bus, ring, ScenarioEvaluation.newScorer(rig), actors, scoreFromNs);
            addedTrajectories = bus.addTrajectorySubscription();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(addedTrajectories);
            if (null != addedScorer)
            {
                addedScorer.onClose();
            }
            if (null != addedPlanner)
            {
                addedPlanner.onClose();
            }
            throw ex;
        }
        planner = addedPlanner;
        scorer = addedScorer;
        trajectories = addedTrajectories;
        follower = new TrajectoryFollower(new TrajectoryFollowerContext()
            .wheelbaseM(rig.vehicle().wheelbaseM())
            .clockBaseNs(clockBaseNs));
        source = new GroundTruthTap(new ClosedLoopSource(simulator, follower, trajectories), simulator, ring,
            fusion.context().worldModelPeriodNs());
    }

    /** @return the rig's messages with the ego closed-loop and ground truth kept: what the rig publisher sends. */
    SensorMessageSource source()
    {
        return source;
    }

    /**
     * @param afterFusion  agents to run right after fusion (a probe of its world models); may be empty.
     * @param afterPlanner agents to run right after the planner (a probe of its trajectories); may be empty.
     * @return fusion, the planner and the scorer, in the order a shared thread should run them: a world model is
     * planned in the duty cycle that made it, and scored after the plan is out. The drive runs them in one
     * {@link io.fusebox.runtime.bus.AgentThreads} group with the sequencer (one thread on a laptop, a thread each
     * on a board), so on two cores an input that completes a tick reaches fusion and the planner without waiting
     * for another thread to wake.
     */
    List<Agent> agents(final List<Agent> afterFusion, final List<Agent> afterPlanner)
    {
        final List<Agent> agents = new ArrayList<>();
        agents.add(fusion);
        agents.addAll(afterFusion);
        agents.add(planner);
        agents.addAll(afterPlanner);
        agents.add(scorer);
        return agents;
    }

    /**
     * Appends the interval's figures to a report line: fusion's cycle time, the planner's manoeuvre and cycle time.
     */
    void appendInterval(final StringBuilder line)
    {
        takeInterval();
        line.append(String.format(Locale.ROOT, ", cycle p50 %s p99 %s | planner %s, cycle p50 %s p99 %s",
            DriveReport.micros(fusionInterval.getValueAtPercentile(50)),
            DriveReport.micros(fusionInterval.getValueAtPercentile(99)),
            maneuverName(),
            DriveReport.micros(plannerInterval.getValueAtPercentile(50)),
            DriveReport.micros(plannerInterval.getValueAtPercentile(99))));
    }

    /**
     * Moves the cycle times since the last call into the interval's histograms and the drive's; allocation-free.
     */
    void takeInterval()
    {
        fusionInterval = fusion.cycleTimesNs(fusionInterval);
        plannerInterval = planner.cycleTimesNs(plannerInterval);
        fusionCycles.add(fusionInterval);
        plannerCycles.add(plannerInterval);
    }

    /**
     * Collects the figures once the threads running {@link #agents()} have stopped (after the sensors have stopped
     * and fusion has drained). Fusion's counters are read before they stop.
     */
    DriveReport.ClosedLoopFigures finish(final long worldModels)
    {
        takeInterval();
        final GroundTruthScore score = scorer.score();
        return new DriveReport.ClosedLoopFigures(
            worldModels, fusionCycles, score, scorer.scored(), scorer.unscored(),
            planner.planner().nextSequence(), plannerCycles, maneuverName(),
            follower.trajectoriesAccepted(), follower.trajectoriesRefused());
    }

    private String maneuverName()
    {
        final Maneuver maneuver = planner.publishedManeuver();
        return null == maneuver ? "none yet" : maneuver.name().toLowerCase(Locale.ROOT);
    }

    public void close()
    {
        CloseHelper.close(trajectories);
    }
}
