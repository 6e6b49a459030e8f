/**
 * Planning on the bus, and closing the loop in the simulator.
 *
 * <p>{@link io.fusebox.runtime.planning.PlannerAgent} subscribes to world models and publishes trajectories, one
 * plan per world model; stale or missing world models make it publish controlled stops. Wiring, with the lanes
 * in the world model's odometry frame:
 * <pre>{@code
 * PlannerAgent planner = new PlannerAgent(bus, new PlannerAgentContext()
 *     .plannerContext(new PlannerContext().egoLengthM(v.lengthM()).egoWidthM(v.widthM())
 *         .egoRearOverhangM(v.rearOverhangM()).wheelbaseM(v.wheelbaseM()))
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
 * simulator.world().egoDriver(follower);
 * // on the thread that steps the simulator, between encodeNext calls:
 * trajectorySubscription.poll(follower, 10);
 * }</pre>
 */
package io.fusebox.runtime.planning;
