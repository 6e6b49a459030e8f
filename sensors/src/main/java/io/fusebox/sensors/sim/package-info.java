/**
 * The simulated world and sensors: a seeded, deterministic scenario world (roads, signals, actors
 * with their own motion, an ego vehicle behind an {@link io.fusebox.sensors.sim.EgoDriver}) and a
 * sensor model per kind, exposed as {@link io.fusebox.sensors.sim.RigSimulator}, a
 * {@link io.fusebox.sensors.message.SensorMessageSource} for a whole rig.
 *
 * <p>Frames: the world frame is flat ground at z = 0, x east, y north, yaw counter-clockwise from x.
 * The vehicle frame has its origin at the ego's rear-axle centre on the ground, x forward, y left.
 * Sensor frames are the rig's: x along the boresight, y left, z up. Time is simulation time in ns
 * from drive start; capture times on the bus add the simulator's clock base.
 *
 * <p>Everything here is deterministic in (rig, scenario, seed, clock base): the world advances in
 * fixed steps driven by message time only, transcendental functions come from {@link StrictMath},
 * and each sensor draws noise from its own stream seeded by (seed, sensor id).
 */
package io.fusebox.sensors.sim;
