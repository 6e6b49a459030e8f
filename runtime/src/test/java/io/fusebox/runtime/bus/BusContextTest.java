package io.fusebox.runtime.bus;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.logbuffer.FrameDescriptor;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusContextTest
{
    private static final long MIB = 1024 * 1024;

    @Test
    void defaultRigFitsModestSharedMemoryAndEveryMessageFitsItsStream()
    {
        final BusContext context = new BusContext().embeddedDriver(true).conclude();
        final Rig rig = context.rig();
        assertEquals(RigLoader.loadDefault().sensorCount(), rig.sensorCount());
        System.out.printf("default rig log buffers: %.1f MiB; fusion input term %d KiB%n",
            context.logBufferLength() / (double)MIB, context.fusionInputTermLength() / 1024);
        assertTrue(context.logBufferLength() <= 64 * MIB, "log buffers " + context.logBufferLength());

        for (final SensorConfig sensor : rig.sensors())
        {
            final int i = sensor.index();
            final ChannelUri uri = ChannelUri.parse(context.sensorPublicationChannel(i));
            assertEquals(context.sensorTermLength(i), Integer.parseInt(uri.get(CommonContext.TERM_LENGTH_PARAM_NAME)));
            final int mtu = Integer.parseInt(uri.get(CommonContext.MTU_LENGTH_PARAM_NAME));
            final int maxMessage = FrameDescriptor.computeMaxMessageLength(context.sensorTermLength(i));
            assertTrue(mtu <= maxMessage, sensor.name() + ": Aeron needs mtu <= term/8");
            assertTrue(context.sensorMaxMessageLength(i) <= maxMessage, sensor.name());
            assertTrue(mtu <= BusContext.IPC_MTU_LENGTH, sensor.name());
            if (SensorKind.CAMERA == sensor.kind())
            {
                assertEquals(BusContext.IPC_MTU_LENGTH, mtu, "a camera frame may carry an image up to the largest frame");
            }
            if (SensorKind.LIDAR == sensor.kind())
            {
                assertTrue(context.sensorMaxMessageLength(i) + 32 <= mtu, "a full LiDAR sector is one frame");
                // The term holds at least two windows of the sensor's traffic.
                final double windowBytes = sensor.messageRateHz() * context.sensorMaxMessageLength(i) *
                    context.bufferWindowNs() / 1e9;
                assertTrue(context.sensorTermLength(i) >= 2 * windowBytes, sensor.name());
            }
        }
        final ChannelUri fusionInput = ChannelUri.parse(context.fusionInputPublicationChannel());
        assertEquals(BusContext.IPC_MTU_LENGTH, Integer.parseInt(fusionInput.get(CommonContext.MTU_LENGTH_PARAM_NAME)));
        assertEquals(context.fusionInputTermLength(),
            Integer.parseInt(fusionInput.get(CommonContext.TERM_LENGTH_PARAM_NAME)));
    }

    @Test
    void aLongerWindowGivesLargerTermsUpToTheCap()
    {
        final BusContext small = new BusContext().bufferWindowNs(1_000).conclude();
        final BusContext large = new BusContext().bufferWindowNs(1_000_000_000L).maxTermLength(8 * 1024 * 1024).conclude();
        assertTrue(large.logBufferLength() > small.logBufferLength());
        assertEquals(8 * 1024 * 1024, large.fusionInputTermLength());
        assertEquals(512 * 1024, small.fusionInputTermLength(), "eight of the largest fusion input");
    }

    @Test
    void concludeNamesTheFieldAndTheReason(@TempDir final Path tempDir)
    {
        final File missing = tempDir.resolve("no-driver-here").toFile();
        assertMessage("BusContext.aeronDirectoryName: no media driver at",
            new BusContext().embeddedDriver(false).aeronDirectoryName(missing.getPath()));
        assertMessage("BusContext.aeronDirectoryName: " + tempDir + " exists",
            new BusContext().embeddedDriver(true).aeronDirectoryName(tempDir.toString()));
        assertMessage("BusContext.bufferWindowNs: must be in (0, 10s]", new BusContext().bufferWindowNs(0));
        assertMessage("BusContext.maxTermLength: must be a power of two", new BusContext().maxTermLength(3_000_000));
        assertMessage("BusContext.driverTimeoutMs: must be positive", new BusContext().driverTimeoutMs(0));

        final String previous = System.getProperty(BusContext.PROFILE_PROP_NAME);
        System.setProperty(BusContext.PROFILE_PROP_NAME, "desktop");
        try
        {
            assertMessage("BusContext.profile (fusebox.profile): unknown profile 'desktop'", new BusContext());
        }
        finally
        {
            if (null == previous)
            {
                System.clearProperty(BusContext.PROFILE_PROP_NAME);
            }
            else
            {
                System.setProperty(BusContext.PROFILE_PROP_NAME, previous);
            }
        }
    }

    @Test
    void nothingChangesAfterConclude()
    {
        final BusContext context = new BusContext().conclude();
        assertTrue(context.isConcluded());
        assertTrue(context.isAeronDirectoryGenerated());
        assertFalse(new File(context.aeronDirectoryName()).exists(), "concluding makes nothing on disk");
        assertThrows(IllegalStateException.class, () -> context.profile(Profile.BOARD));
        assertThrows(IllegalStateException.class, context::conclude);
    }

    @Test
    void aLaptopPipelineGoesOnTheCpuTheLauncherReservedAndABadCpuIsNamed() throws Exception
    {
        final String previous = System.getProperty(BusContext.PIPELINE_CPU_PROP_NAME);
        try
        {
            System.clearProperty(BusContext.PIPELINE_CPU_PROP_NAME);
            final BusContext floating = new BusContext().profile(Profile.LAPTOP).conclude();
            assertSame(floating.agentThreadFactory(), floating.pipelineThreadFactory(), "nothing reserved: no pinning");

            System.setProperty(BusContext.PIPELINE_CPU_PROP_NAME, "1x");
            assertMessage("pipelineThreadFactory (fusebox.pipeline.cpu=1x)", new BusContext().profile(Profile.LAPTOP));

            // The first CPU this process may use: a CI container may not have CPU 0.
            final String cpu = String.valueOf(CorePinning.parseCpuList(cpusAllowed("/proc/self/status"))[0]);
            System.setProperty(BusContext.PIPELINE_CPU_PROP_NAME, cpu);
            final BusContext reserved = new BusContext().profile(Profile.LAPTOP).conclude();
            final String[] allowed = new String[1];
            final Thread thread = reserved.pipelineThreadFactory().newThread(() ->
            {
                allowed[0] = cpusAllowed("/proc/thread-self/status");
            });
            thread.start();
            thread.join();
            assertEquals(cpu, allowed[0], "the pipeline thread is pinned to the reserved CPU");
        }
        finally
        {
            if (null == previous)
            {
                System.clearProperty(BusContext.PIPELINE_CPU_PROP_NAME);
            }
            else
            {
                System.setProperty(BusContext.PIPELINE_CPU_PROP_NAME, previous);
            }
        }
    }

    @Test
    void profilesByName()
    {
        assertEquals(Profile.LAPTOP, Profile.fromName("laptop"));
        assertEquals(Profile.BOARD, Profile.fromName("board"));
        assertEquals(Profile.BOARD, Profile.fromName("Thor"));
        assertThrows(IllegalArgumentException.class, () -> Profile.fromName("server"));
    }

    private static String cpusAllowed(final String statusFile)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of(statusFile)))
            {
                if (line.startsWith("Cpus_allowed_list:"))
                {
                    return line.substring("Cpus_allowed_list:".length()).trim();
                }
            }
            return "no Cpus_allowed_list in " + statusFile;
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static void assertMessage(final String expectedStart, final BusContext context)
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class, context::conclude);
        assertTrue(ex.getMessage().contains(expectedStart), ex.getMessage());
    }
}
