package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.ObjectClass;

/**
 * What an actor is: its class on the bus, its usual body, and how it looks to each sensor.
 * Structures (walls, pillars) are part of the scene the sensors see but not objects a camera
 * network reports.
 */
enum ActorType
{
    CAR(ObjectClass.CAR, 4.6, 1.85, 1.5, 10, 60, false),
    VAN(ObjectClass.CAR, 5.4, 2.05, 2.5, 14, 60, false),
    TRUCK(ObjectClass.TRUCK, 9.5, 2.5, 3.5, 20, 70, false),
    BUS(ObjectClass.TRUCK, 12.0, 2.55, 3.2, 21, 70, false),
    PEDESTRIAN(ObjectClass.PEDESTRIAN, 0.5, 0.6, 1.75, -8, 35, false),
    CHILD(ObjectClass.PEDESTRIAN, 0.4, 0.45, 1.2, -11, 35, false),
    CYCLIST(ObjectClass.CYCLIST, 1.8, 0.6, 1.75, -3, 45, false),
    BARRIER(ObjectClass.STATIC_OBSTACLE, 2.0, 0.5, 1.0, 5, 90, false),
    POLE(ObjectClass.STATIC_OBSTACLE, 0.3, 0.3, 4.0, 3, 70, false),
    CONE(ObjectClass.STATIC_OBSTACLE, 0.4, 0.4, 0.7, -5, 110, false),
    WALL(ObjectClass.STATIC_OBSTACLE, 10.0, 0.3, 3.0, 20, 40, true),
    PILLAR(ObjectClass.STATIC_OBSTACLE, 0.6, 0.6, 2.8, 15, 45, true);

    final ObjectClass objectClass;
    final double lengthM;
    final double widthM;
    final double heightM;
    final double rcsDbsm;
    final double reflectivity;
    final boolean structure;

    ActorType(
        final ObjectClass objectClass,
        final double lengthM,
        final double widthM,
        final double heightM,
        final double rcsDbsm,
        final double reflectivity,
        final boolean structure)
    {
        this.objectClass = objectClass;
        this.lengthM = lengthM;
        this.widthM = widthM;
        this.heightM = heightM;
        this.rcsDbsm = rcsDbsm;
        this.reflectivity = reflectivity;
        this.structure = structure;
    }
}
