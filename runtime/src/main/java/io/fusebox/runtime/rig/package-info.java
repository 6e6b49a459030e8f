/**
 * Putting a rig's messages on the bus: the {@link io.fusebox.runtime.rig.RigPublisher} agent paces a
 * {@link io.fusebox.sensors.message.SensorMessageSource} by capture time onto each sensor's stream.
 */
package io.fusebox.runtime.rig;
