/**
 * Fusion: from the fusion-input stream to world models of tracked objects and free space, and
 * sensor health.
 *
 * <p>Wiring, beside the Sequencer on the pipeline's threads:
 * <pre>{@code
 * final FusionAgent fusion = new FusionAgent(bus, new FusionContext());   // the bus's rig
 * // subscribes bus.addFusionInputSubscription(); publishes bus.addWorldModelPublication() and
 * // bus.addHealthPublication(); adds FusionCounters (type ids 7750..7760) to the driver
 * try (AgentThreads threads = AgentThreads.start(bus, sequencer, fusion)) { ... }
 * }</pre>
 * Without Aeron (replay, tests, benchmarks) the same code is a {@link io.fusebox.runtime.fusion.FusionEngine}
 * fed fusion-input messages one by one ({@code onInput}) with a {@link io.fusebox.runtime.fusion.FusionOutput}.
 *
 * <p>Decisions, in one place:
 * <ul>
 *     <li><b>Time</b>: capture times only. A bounded reorder window (20 ms of capture time by default)
 *     applies inputs in (capture time, global sequence) order; an input older than one applied is late:
 *     counted (per sensor) and dropped. Dropping keeps the LiDAR's column order and the tracker's time
 *     order intact; its sensor still counts as alive.</li>
 *     <li><b>Cadence</b>: a world model every 100 ms of capture time, valid at each multiple of the
 *     period (the tick) and holding exactly the inputs captured before it; it goes out as soon as nothing
 *     captured before the tick can still come (every live sensor's next message is due after it, or the
 *     reorder window has passed it). An input captured before a tick already published is late. It does
 *     not wait for any one sensor.</li>
 *     <li><b>Frames</b>: tracking in an odometry frame dead-reckoned from vehicle state, so object
 *     velocities are over the ground; world models give positions, orientation and covariance in the
 *     vehicle frame at their time, and velocities over the ground in vehicle axes. LiDAR points are
 *     motion-compensated per firing column.</li>
 *     <li><b>Health</b>: a sensor silent for more than three of its periods (a LiDAR's period is its
 *     sweep's) is DEGRADED, and in {@code missingSensors}; never heard from, SILENT; OK when it talks.</li>
 *     <li><b>Sensors</b>: LiDAR clusters and completes boxes as the scan passes; radar gives
 *     ego-compensated radial velocity and a surface point (it neither starts nor touches tentative
 *     tracks); cameras give class, size, yaw and a range-loose centre (they start tracks only while no
 *     LiDAR is alive); ultrasonics and LiDAR build the occupancy grid.</li>
 * </ul>
 */
package io.fusebox.runtime.fusion;
