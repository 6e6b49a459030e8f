package io.fusebox.runtime.bus;

import io.aeron.CncFileDescriptor;
import io.aeron.exceptions.AeronException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the counters of a running media driver from another process, the way AeronStat does: maps the
 * driver's CnC file read-only and reads the counters in it, fusebox's among them. No Aeron client, no
 * effect on the system it watches.
 */
public final class ExternalCounters implements AutoCloseable
{
    private final MappedByteBuffer cncByteBuffer;
    private final CountersReader countersReader;

    private ExternalCounters(final MappedByteBuffer cncByteBuffer, final CountersReader countersReader)
    {
        this.cncByteBuffer = cncByteBuffer;
        this.countersReader = countersReader;
    }

    /**
     * @param aeronDirectoryName of the driver to watch.
     * @throws AeronException when there is no driver there, or it speaks another CnC version.
     */
    public static ExternalCounters open(final String aeronDirectoryName)
    {
        final File cncFile = new File(aeronDirectoryName, CncFileDescriptor.CNC_FILE);
        if (!cncFile.exists())
        {
            throw new AeronException("no media driver at " + aeronDirectoryName + " (no " + CncFileDescriptor.CNC_FILE + ")");
        }
        final MappedByteBuffer cncByteBuffer = IoUtil.mapExistingFile(cncFile, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cncByteBuffer);
            CncFileDescriptor.checkVersion(metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)));
            final CountersReader countersReader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cncByteBuffer, metaData),
                CncFileDescriptor.createCountersValuesBuffer(cncByteBuffer, metaData),
                StandardCharsets.US_ASCII);
            return new ExternalCounters(cncByteBuffer, countersReader);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(cncByteBuffer);
            throw ex;
        }
    }

    public CountersReader countersReader()
    {
        return countersReader;
    }

    public void close()
    {
        IoUtil.unmap(cncByteBuffer);
    }
}
