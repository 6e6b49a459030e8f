/**
 * Gateways from real sensors' own protocols onto the bus: each receives the sensor's packets, decodes
 * them with the sensors module's decoders, and publishes the rig's messages on the sensor's stream, counting
 * and dropping what it cannot use. {@link io.fusebox.runtime.gateway.VelodyneGateway}: Velodyne LiDAR data
 * packets over UDP (Netty) to {@code LidarSector}s; its counters are type ids 7780-7789.
 */
package io.fusebox.runtime.gateway;
