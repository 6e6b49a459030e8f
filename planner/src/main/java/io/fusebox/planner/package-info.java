/**
 * The planner: world model in, trajectory out, a pure library (no Aeron). {@link io.fusebox.planner.Planner}
 * runs one cycle per world model; {@link io.fusebox.planner.PlannerContext} configures it. The lanes come in as
 * a {@link io.fusebox.planner.map.LaneMap} in the world model's odometry frame.
 *
 * <p>Sub-packages by concern: {@code map} (lanes, the per-cycle reference path, Frenet frames), {@code scene}
 * (the decoded world model), {@code behaviour} (the ACC following model), {@code sampling} (lateral paths times
 * speed profiles, rolled out and scored), {@code collision} (ego footprint against predicted objects).
 */
package io.fusebox.planner;
