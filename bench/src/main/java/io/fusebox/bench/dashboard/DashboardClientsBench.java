package io.fusebox.bench.dashboard;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.control.ControlPlaneContext;
import io.fusebox.runtime.drive.Drive;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does the dashboard slow the vehicle? Runs a live simulated drive with its control plane and N WebSocket clients
 * (reading everything the control plane streams), and measures fusion's latency from outside: an Aeron subscriber
 * of its own on the drive's media driver records, for every world model after warm-up, the time from its newest
 * sensor capture to its arrival. Run it with 0 and with 10 clients and compare:
 * <pre>
 * java -cp bench/target/benchmarks.jar io.fusebox.bench.dashboard.DashboardClientsBench CLIENTS SECONDS [SCENARIO]
 * </pre>
 * Prints one line: clients, world models measured, p50/p90/p99/p99.9/max in µs, the drive's steady
 * sensor-to-sequencer percentiles, frames the clients received.
 */
public final class DashboardClientsBench
{
    private static final long WARMUP_NS = TimeUnit.SECONDS.toNanos(5);

    private DashboardClientsBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int clients = Integer.parseInt(args[0]);
        final long durationNs = TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        final String scenario = args.length > 2 ? args[2] : DriveContext.SCENARIO_DEFAULT;
        final Rig rig = RigLoader.loadDefault();
        final Profile profile = Profile.fromName(System.getProperty("fusebox.profile", "laptop"));
        final BusContext bus = new BusContext().rig(rig).profile(profile).conclude();
        final Path driverDir = Files.createTempDirectory("fusebox-dashboard-bench");
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }

        // The drive's media driver, launched here as the bus would, so this process can watch its streams.
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(driverDir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .ipcMtuLength(BusContext.IPC_MTU_LENGTH)
            .ipcTermBufferLength(bus.fusionInputTermLength());
        profile.configure(driverContext, bus.isIpcOnly());
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong framesReceived = new AtomicLong();
        final List<WebSocket> sockets = new ArrayList<>();
        try (MediaDriver driver = MediaDriver.launch(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir.toString()));
            Subscription worldModels = aeron.addSubscription(
                rig.bus().worldModelChannel(), rig.bus().worldModelStreamId()))
        {
            final long measureFromNs = clock.nanoTime() + WARMUP_NS;
            final Thread watcher = new Thread(() -> watch(worldModels, clock, measureFromNs, latency, running),
                "world-model-watcher");
            watcher.start();

            final DriveContext drive = new DriveContext()
                .rig(rig)
                .scenario(scenario)
                .durationNs(durationNs)
                .warmupNs(WARMUP_NS)
                .profile(profile)
                .embeddedDriver(false)
                .aeronDirectoryName(driverDir.toString())
                .controlPlane(new ControlPlaneContext().port(port));
            final Thread connector = new Thread(() -> connect(clients, port, sockets, framesReceived), "clients");
            connector.start();
            final DriveReport report = Drive.run(drive, new PrintWriter(new StringWriter()), running::get);
            running.set(false);
            watcher.join();
            connector.join();
            synchronized (sockets)
            {
                sockets.forEach(WebSocket::abort);
            }
            final Histogram steady = report.steadyLatencyNs();
            System.out.printf(Locale.ROOT, "clients %d: %d world models, capture to world model p50 %d p90 %d " +
                "p99 %d p99.9 %d max %d µs | sensor to sequencer p50 %d p99 %d µs | frames to clients %d%n",
                sockets.size(), latency.getTotalCount(), micros(latency, 50), micros(latency, 90), micros(latency, 99),
                micros(latency, 99.9), latency.getMaxValue() / 1000, micros(steady, 50), micros(steady, 99),
                framesReceived.get());
        }
    }

    private static void watch(
        final Subscription worldModels,
        final OffsetEpochNanoClock clock,
        final long measureFromNs,
        final Histogram latency,
        final AtomicBoolean running)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final WorldModelDecoder worldModel = new WorldModelDecoder();
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, ignore) ->
        {
            final long nowNs = clock.nanoTime();
            header.wrap(buffer, offset);
            if (WorldModelDecoder.TEMPLATE_ID == header.templateId())
            {
                worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                final long captureNs = worldModel.newestCaptureTimeNs();
                if (captureNs >= measureFromNs && nowNs >= captureNs)
                {
                    latency.recordValue(Math.min(nowNs - captureNs, latency.getHighestTrackableValue()));
                }
            }
        });
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        while (running.get())
        {
            idle.idle(worldModels.poll(assembler, 16));
        }
    }

    private static void connect(final int clients, final int port, final List<WebSocket> sockets,
        final AtomicLong framesReceived)
    {
        final HttpClient http = HttpClient.newHttpClient();
        final String origin = "http://127.0.0.1:" + port;
        for (int i = 0; i < clients; i++)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    final WebSocket socket = http.newWebSocketBuilder().header("Origin", origin)
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener()
                        {
                            public CompletionStage<?> onText(final WebSocket ws, final CharSequence data,
                                final boolean last)
                            {
                                if (last)
                                {
                                    framesReceived.incrementAndGet();
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(5, TimeUnit.SECONDS);
                    synchronized (sockets)
                    {
                        sockets.add(socket);
                    }
                    break;
                }
                catch (final Exception notYetListening)
                {
                    sleep();
                }
            }
        }
    }

    private static void sleep()
    {
        try
        {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long micros(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000;
    }
}
