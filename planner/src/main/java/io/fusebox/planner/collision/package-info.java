/**
 * Collision checking of the ego's footprint against tracked objects predicted at constant velocity, with and
 * without their uncertainty: {@link io.fusebox.planner.collision.CollisionChecker}.
 */
package io.fusebox.planner.collision;
