/**
 * Candidate trajectories: {@link io.fusebox.planner.sampling.LateralPath} (a quintic offset in arc length) times
 * speed profiles, rolled out, checked and scored by {@link io.fusebox.planner.sampling.TrajectorySampler} into
 * preallocated {@link io.fusebox.planner.sampling.Candidate}s.
 */
package io.fusebox.planner.sampling;
