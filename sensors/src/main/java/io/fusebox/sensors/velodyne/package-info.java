/**
 * Velodyne LiDAR data packets (HDL-32E, VLP-16): {@link io.fusebox.sensors.velodyne.VelodynePacket}
 * validates and reads one 1206-byte UDP payload, {@link io.fusebox.sensors.velodyne.VelodynePoints}
 * turns it into points in the sensor frame with their firing times, and
 * {@link io.fusebox.sensors.velodyne.VelodynePacketEncoder} writes one. Pure decoding: no sockets, no
 * allocation per packet; the UDP gateway that feeds the bus lives in the runtime.
 */
package io.fusebox.sensors.velodyne;
