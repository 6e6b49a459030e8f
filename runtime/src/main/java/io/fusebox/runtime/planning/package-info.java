/**
 * Planning on the bus, and closing the loop in the simulator.
 *
 * <p>{@link io.fusebox.runtime.planning.PlannerAgent} subscribes to world models and publishes trajectories, one
 * plan per world model; stale or missing world models make it publish controlled stops. Wiring, with the lanes
 * in the world model's odometry frame:
 * <pre>{@code
 * LaneMap laneMap = ScenarioLaneMaps.inOdometryFrame(scenario, clockBaseNs, simulator.world().ego());
 * PlannerAgent planner = new PlannerAgent(bus, new PlannerAgentContext()
 *     .plannerContext(new PlannerContext().vehicle(rig.vehicle()))
 *     .laneMap(laneMap)
 *     .clock(clock));          // the sensors' clock, as the Sequencer's; null in replay
 * AgentThreads threads = AgentThreads.start(bus, publisher, sequencer, fusion, planner);
 * }</pre>
 *
 * <p>{@link io.fusebox.runtime.planning.TrajectoryFollower} is the simulator's {@link
 * io.fusebox.sensors.sim.EgoDriver} that drives the ego along the latest trajectory:
 * <pre>{@code
 * TrajectoryFollower follower = new TrajectoryFollower(new TrajectoryFollowerContext()
 *     .wheelbaseM(rig.vehicle().wheelbaseM()).clockBaseNs(clockBaseNs));
 * Handover.install(simulator.world(), follower, Handover.DEFAULT_HANDOVER_SIM_TIME_NS);
 * // on the thread that steps the simulator, between encodeNext calls (ClosedLoopSource does it):
 * trajectorySubscription.poll(follower, 10);
 * }</pre>
 *
 * <p>{@code ./fusebox drive} wires exactly this ({@code drive.ClosedLoopStage}); {@code replay} rebuilds the
 * planner from the drive log ({@link io.fusebox.runtime.planning.ReplayPlanning}); {@code ./fusebox scenarios}
 * runs the same classes in lock-step without the bus ({@code io.fusebox.runtime.scenarios}).
 */
package io.fusebox.runtime.planning;
