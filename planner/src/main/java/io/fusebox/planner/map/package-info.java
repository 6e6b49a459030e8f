/**
 * Lanes and the frames planning happens in: the {@link io.fusebox.planner.map.LaneMap} (centrelines in the world
 * model's odometry frame, with widths, limits and same-direction neighbours), the
 * {@link io.fusebox.planner.map.LaneLocator} that finds the ego on it, and the per-cycle
 * {@link io.fusebox.planner.map.ReferencePath} in the vehicle frame that Frenet coordinates are measured along.
 */
package io.fusebox.planner.map;
