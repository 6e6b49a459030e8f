package io.fusebox.replay.log;

/**
 * A folder that is not a drive log, or one this build cannot read (a newer format, a damaged header).
 * A torn tail is not an exception: the reader stops at it and says so.
 */
public final class DriveLogException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public DriveLogException(final String message)
    {
        super(message);
    }

    public DriveLogException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
