package io.fusebox.runtime.fusion.kitti;

/**
 * The three categories KITTI tracking evaluates, with the names and codes each file format uses.
 */
public enum KittiClass
{
    CAR("Car", 2, 1, "Van"),
    PEDESTRIAN("Pedestrian", 1, 3, "Person_sitting"),
    CYCLIST("Cyclist", 3, 4, null);

    private static final KittiClass[] VALUES = values();

    private final String labelName;
    private final int detectionCode;
    private final int trackerClass;
    private final String neighbourName;

    KittiClass(final String labelName, final int detectionCode, final int trackerClass, final String neighbourName)
    {
        this.labelName = labelName;
        this.detectionCode = detectionCode;
        this.trackerClass = trackerClass;
        this.neighbourName = neighbourName;
    }

    /** Type in label and result files: Car, Pedestrian, Cyclist. */
    public String labelName()
    {
        return labelName;
    }

    /** Type column of the PointRCNN detection files: 1 Pedestrian, 2 Car, 3 Cyclist. */
    public int detectionCode()
    {
        return detectionCode;
    }

    /** Class index given to the tracker: the SBE ObjectClass value (CAR 1, PEDESTRIAN 3, CYCLIST 4). */
    public int trackerClass()
    {
        return trackerClass;
    }

    /** Label type the evaluation treats as neighbouring (neither counted nor false), or null. */
    public String neighbourName()
    {
        return neighbourName;
    }

    /** Folder of this class's detections: pointrcnn_Car and so on. */
    public String detectionDirectory()
    {
        return "pointrcnn_" + labelName;
    }

    public static KittiClass fromLabelName(final String name)
    {
        for (final KittiClass kittiClass : VALUES)
        {
            if (kittiClass.labelName.equals(name))
            {
                return kittiClass;
            }
        }
        return null;
    }

    /** Every class in a fixed order, the one results are written in. */
    public static KittiClass[] all()
    {
        return VALUES.clone();
    }
}
