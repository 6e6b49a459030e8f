/**
 * The control plane: see and steer a running vehicle from a browser.
 *
 * <p>{@link io.fusebox.runtime.control.ControlPlane#launch} starts, on a bus, a tap agent (its own subscriptions
 * to the world-model, trajectory and health streams, on an agent thread of its own, keeping the newest message of
 * each) and a Vert.x server: REST API, Prometheus metrics, a WebSocket streaming the newest messages as JSON at
 * 10 Hz, and the dashboard (plain ES modules and a canvas under {@code resources/io/fusebox/runtime/control/
 * dashboard}). Nothing here runs on a fusion or planner thread; a slow browser loses frames, never the vehicle.
 *
 * <p>Security: loopback by default; every mutating request needs the token of the
 * {@link io.fusebox.runtime.control.ControlPlaneContext}; bodies are size-limited; the WebSocket takes only the
 * control plane's own origin and configured ones. The drive plugs in through
 * {@link io.fusebox.runtime.control.RecordingControl} and the snapshot recorder's
 * {@link io.fusebox.runtime.record.SnapshotTrigger}.
 *
 * <p>Counter type ids 7770-7779.
 */
package io.fusebox.runtime.control;
