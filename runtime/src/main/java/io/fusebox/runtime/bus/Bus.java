package io.fusebox.runtime.bus;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.fusebox.sensors.rig.BusLayout;
import io.fusebox.sensors.rig.Rig;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.CountedErrorHandler;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.LoggingErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bus: a media driver (embedded in a fresh directory, or an external one), the Aeron client, one
 * exclusive publication per sensor of the rig and the fusion-input publication. Stream ids and
 * channels come only from the rig; sizes from the {@link BusContext}.
 *
 * <p>Errors reported through {@link #errorHandler()} are counted in an Aeron counter (readable from
 * outside), kept distinct in an error log (readable in process via {@link #errorLog()}), then passed
 * to the context's handler. Closing releases everything in reverse order of creation; an embedded
 * driver's directory is deleted.
 */
public final class Bus implements AutoCloseable
{
    private static final int ERROR_LOG_LENGTH = 1024 * 1024;

    private final BusContext context;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Counter errorCounter;
    private final AtomicBuffer errorLogBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ERROR_LOG_LENGTH));
    private final LoggingErrorHandler loggingErrorHandler;
    private final ErrorHandler forwardingErrorHandler;
    private final CountedErrorHandler errorHandler;
    private final ExclusivePublication[] sensorPublications;
    private final ExclusivePublication fusionInputPublication;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private boolean isClosed;

    private Bus(final BusContext context)
    {
        this.context = context;
        final DistinctErrorLog errorLog = new DistinctErrorLog(errorLogBuffer, SystemEpochClock.INSTANCE);
        loggingErrorHandler = new LoggingErrorHandler(errorLog);
        final ErrorHandler userHandler = context.errorHandler();
        forwardingErrorHandler = (throwable) ->
        {
            loggingErrorHandler.onError(throwable);
            userHandler.onError(throwable);
        };

        MediaDriver launchedDriver = null;
        Aeron connectedAeron = null;
        try
        {
            if (context.embeddedDriver())
            {
                final MediaDriver.Context driverContext = new MediaDriver.Context()
                    .aeronDirectoryName(context.aeronDirectoryName())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .ipcMtuLength(BusContext.IPC_MTU_LENGTH)
                    .ipcTermBufferLength(context.fusionInputTermLength())
                    .conductorThreadFactory(context.agentThreadFactory())
                    .senderThreadFactory(context.agentThreadFactory())
                    .receiverThreadFactory(context.agentThreadFactory())
                    .sharedThreadFactory(context.agentThreadFactory())
                    .sharedNetworkThreadFactory(context.agentThreadFactory());
                context.profile().configure(driverContext, context.isIpcOnly());
                launchedDriver = MediaDriver.launch(driverContext);
                resources.add(launchedDriver);
            }
            driver = launchedDriver;

            connectedAeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(context.aeronDirectoryName())
                .driverTimeoutMs(context.driverTimeoutMs())
                .clientName("fusebox")
                .errorHandler(forwardingErrorHandler));
            resources.add(connectedAeron);
            aeron = connectedAeron;

            errorCounter = BusCounters.addCounter(aeron, BusCounters.ERRORS_TYPE_ID, "fusebox errors");
            resources.add(errorCounter);
            errorHandler = new CountedErrorHandler(forwardingErrorHandler, errorCounter);

            final Rig rig = context.rig();
            sensorPublications = new ExclusivePublication[rig.sensorCount()];
            for (int i = 0; i < sensorPublications.length; i++)
            {
                if (context.publishesSensor(i))
                {
                    sensorPublications[i] = aeron.addExclusivePublication(
                        context.sensorPublicationChannel(i), rig.sensor(i).streamId());
                    resources.add(sensorPublications[i]);
                }
            }
            fusionInputPublication = aeron.addExclusivePublication(
                context.fusionInputPublicationChannel(), rig.bus().fusionInputStreamId());
            resources.add(fusionInputPublication);
        }
        catch (final RuntimeException | Error ex)
        {
            closeResources();
            throw ex;
        }
    }

    /**
     * Concludes the context and brings the bus up.
     */
    public static Bus launch(final BusContext context)
    {
        return new Bus(context.isConcluded() ? context : context.conclude());
    }

    public BusContext context()
    {
        return context;
    }

    public Rig rig()
    {
        return context.rig();
    }

    public Aeron aeron()
    {
        return aeron;
    }

    public CountersReader countersReader()
    {
        return aeron.countersReader();
    }

    /**
     * @return the embedded driver, or null when the bus uses an external one.
     */
    public MediaDriver driver()
    {
        return driver;
    }

    public String aeronDirectoryName()
    {
        return context.aeronDirectoryName();
    }

    /**
     * @return the publication of the sensor at this rig index; null where this bus does not publish it
     * ({@link BusContext#sensorPublicationMask(long)}).
     */
    public ExclusivePublication sensorPublication(final int sensorIndex)
    {
        return sensorPublications[sensorIndex];
    }

    public ExclusivePublication fusionInputPublication()
    {
        return fusionInputPublication;
    }

    /**
     * @return a new subscription to the stream of the sensor at this rig index; the caller closes it.
     */
    public Subscription addSensorSubscription(final int sensorIndex)
    {
        return aeron.addSubscription(rig().sensor(sensorIndex).channel(), rig().sensor(sensorIndex).streamId());
    }

    /**
     * @return a new subscription to the fusion input, one per consumer (fusion, recorder); the caller closes it.
     */
    public Subscription addFusionInputSubscription()
    {
        final BusLayout layout = rig().bus();
        return aeron.addSubscription(layout.fusionInputChannel(), layout.fusionInputStreamId());
    }

    /**
     * @return a new publication for world models (fusion publishes them); the caller closes it.
     */
    public ExclusivePublication addWorldModelPublication()
    {
        return aeron.addExclusivePublication(context.worldModelPublicationChannel(), rig().bus().worldModelStreamId());
    }

    /**
     * @return a new subscription to world models, one per consumer (planner, recorder, dashboard).
     */
    public Subscription addWorldModelSubscription()
    {
        return aeron.addSubscription(rig().bus().worldModelChannel(), rig().bus().worldModelStreamId());
    }

    /**
     * @return a new publication for trajectories (the planner publishes them); the caller closes it.
     */
    public ExclusivePublication addTrajectoryPublication()
    {
        return aeron.addExclusivePublication(context.trajectoryPublicationChannel(), rig().bus().trajectoryStreamId());
    }

    /**
     * @return a new subscription to trajectories, one per consumer (vehicle interface, recorder, dashboard).
     */
    public Subscription addTrajectorySubscription()
    {
        return aeron.addSubscription(rig().bus().trajectoryChannel(), rig().bus().trajectoryStreamId());
    }

    /**
     * @return a new publication for sensor health reports (fusion publishes them); the caller closes it.
     */
    public ExclusivePublication addHealthPublication()
    {
        return aeron.addExclusivePublication(context.healthPublicationChannel(), rig().bus().healthStreamId());
    }

    /**
     * @return a new subscription to sensor health reports, one per consumer.
     */
    public Subscription addHealthSubscription()
    {
        return aeron.addSubscription(rig().bus().healthChannel(), rig().bus().healthStreamId());
    }

    /**
     * @return the handler components report errors to: counted, logged distinct, then passed on.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @return the counter of errors reported on this bus.
     */
    public AtomicCounter errorCounter()
    {
        return errorCounter;
    }

    /**
     * @return the distinct error log, for {@link org.agrona.concurrent.errors.ErrorLogReader}.
     */
    public AtomicBuffer errorLog()
    {
        return errorLogBuffer;
    }

    /**
     * The handler for an {@link org.agrona.concurrent.AgentRunner}, which counts errors itself.
     */
    ErrorHandler uncountedErrorHandler()
    {
        return forwardingErrorHandler;
    }

    public boolean isClosed()
    {
        return isClosed;
    }

    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            closeResources();
        }
    }

    private void closeResources()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
        resources.clear();
        if (context.embeddedDriver())
        {
            // The driver deletes its directory on shutdown; make sure of it even if its launch failed halfway.
            IoUtil.delete(new File(context.aeronDirectoryName()), true);
        }
    }
}
