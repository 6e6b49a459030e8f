package io.fusebox.sensors.rig;

/**
 * A rig file that cannot be used: names the file, the line, the field and the reason, so a person
 * can fix it without reading code.
 */
public final class RigConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;
    private final String reason;

    public RigConfigException(final String source, final int line, final String field, final String reason)
    {
        super(source + (line > 0 ? ":" + line : "") + ": " + field + ": " + reason);
        this.source = source;
        this.line = line;
        this.field = field;
        this.reason = reason;
    }

    public String source()
    {
        return source;
    }

    /**
     * @return 1-based line in the file, or 0 when the problem has no single line (e.g. a missing key).
     */
    public int line()
    {
        return line;
    }

    public String field()
    {
        return field;
    }

    public String reason()
    {
        return reason;
    }
}
