/**
 * The closed-loop scenario suite ({@code ./fusebox scenarios}).
 *
 * <p>Design: each scenario runs in lock-step message time through the classes the agents run, without the bus:
 * the simulator's messages go through an {@link io.fusebox.runtime.fusion.evaluation.InProcessSequencer} into a
 * {@link io.fusebox.runtime.fusion.FusionEngine}; every world model goes to the {@link io.fusebox.planner.Planner}
 * and its trajectory straight to the {@link io.fusebox.runtime.planning.TrajectoryFollower} that drives the
 * simulated ego (from the handover at 2 s on). So a run is reproducible bit for bit, independent of the machine's
 * load, and faster than real time; the live, timing-dependent loop is {@code ./fusebox drive}.
 *
 * <p>A {@link io.fusebox.runtime.scenarios.ScenarioJudge} watches ground truth after every message and the
 * verdict applies {@link io.fusebox.runtime.scenarios.JudgeLimits#DEFAULT}.
 */
package io.fusebox.runtime.scenarios;
