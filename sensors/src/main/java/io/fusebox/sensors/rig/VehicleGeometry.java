package io.fusebox.sensors.rig;

/**
 * The ego vehicle's body, in the vehicle frame (origin at the rear-axle centre on the ground).
 */
public record VehicleGeometry(double lengthM, double widthM, double heightM, double wheelbaseM, double rearOverhangM)
{
    /**
     * @return x of the front bumper in the vehicle frame.
     */
    public double frontX()
    {
        return lengthM - rearOverhangM;
    }

    /**
     * @return x of the rear bumper in the vehicle frame.
     */
    public double rearX()
    {
        return -rearOverhangM;
    }
}
