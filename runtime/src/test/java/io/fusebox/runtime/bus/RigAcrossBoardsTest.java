package io.fusebox.runtime.bus;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.fusebox.runtime.rig.SensorSelection;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigConfigException;
import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rig spread over two boards, as the rig file says it: the sensors' channel is UDP towards the fusion
 * board, the CAN state names its own IPC channel; each board's bus publishes only its own sensors, and UDP
 * channels take the profile's MTU.
 */
final class RigAcrossBoardsTest
{
    private static final String DEFAULT_RIG = RigLoader.loadDefault().text();
    private static final String TWO_BOARDS = DEFAULT_RIG
        .replace("sensorChannel: \"aeron:ipc\"", "sensorChannel: \"aeron:udp?endpoint=127.0.0.1:40499\"")
        .replace("    name: vehicle_state\n", "    name: vehicle_state\n    channel: \"aeron:ipc\"\n");

    @Test
    void sensorsTakeTheBusChannelUnlessTheyNameTheirOwn()
    {
        final Rig rig = RigLoader.parse("two-boards.yaml", TWO_BOARDS);
        final int vehicleState = rig.indexOf(61);
        assertEquals("aeron:ipc", rig.sensor(vehicleState).channel());
        assertEquals("aeron:udp?endpoint=127.0.0.1:40499", rig.sensor(rig.indexOf(31)).channel());
        assertEquals(1L << vehicleState, SensorSelection.ipcSensorMask(rig));
        assertEquals(rig.sensorCount() - 1, Long.bitCount(SensorSelection.udpSensorMask(rig)));

        final RigConfigException ex = assertThrows(RigConfigException.class, () -> RigLoader.parse("bad.yaml",
            DEFAULT_RIG.replace("    name: vehicle_state\n", "    name: vehicle_state\n    channel: \"udp://host\"\n")));
        assertTrue(ex.getMessage().contains("channel") && ex.getMessage().contains("must be an Aeron channel URI"),
            ex.getMessage());
    }

    @Test
    void udpChannelsTakeTheProfilesMtuAndIpcOnesStayAsLarge()
    {
        final Rig rig = RigLoader.parse("two-boards.yaml", TWO_BOARDS);
        for (final Profile profile : Profile.values())
        {
            final BusContext context = new BusContext().rig(rig).profile(profile).conclude();
            final ChannelUri lidar = ChannelUri.parse(context.sensorPublicationChannel(rig.indexOf(31)));
            assertEquals(profile.udpMtuLength(), Integer.parseInt(lidar.get(CommonContext.MTU_LENGTH_PARAM_NAME)));
            final ChannelUri can = ChannelUri.parse(context.sensorPublicationChannel(rig.indexOf(61)));
            assertTrue(can.isIpc());
        }
        assertEquals(1408, Profile.LAPTOP.udpMtuLength());
        assertEquals(8192, Profile.BOARD.udpMtuLength());
    }

    @Test
    void aBusIsIpcOnlyUnlessAnyStreamCrossesTheNetwork()
    {
        assertTrue(new BusContext().rig(RigLoader.loadDefault()).conclude().isIpcOnly());
        // A UDP sensor channel makes the driver carry data, even on the board that does not publish those sensors.
        final Rig rig = RigLoader.parse("two-boards.yaml", TWO_BOARDS);
        assertFalse(new BusContext().rig(rig).conclude().isIpcOnly());
        assertFalse(new BusContext().rig(rig).sensorPublicationMask(SensorSelection.ipcSensorMask(rig)).conclude()
            .isIpcOnly());
        final Rig udpOutput = RigLoader.parse("udp-output.yaml", DEFAULT_RIG
            .replace("trajectoryChannel: \"aeron:ipc\"", "trajectoryChannel: \"aeron:udp?endpoint=127.0.0.1:40498\""));
        assertFalse(new BusContext().rig(udpOutput).conclude().isIpcOnly());
    }

    @Test
    void aBoardsBusPublishesOnlyItsOwnSensors()
    {
        final Rig rig = RigLoader.parse("two-boards.yaml", TWO_BOARDS);
        try (Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP)
            .sensorPublicationMask(SensorSelection.ipcSensorMask(rig))))
        {
            assertNotNull(bus.sensorPublication(rig.indexOf(61)));
            assertNull(bus.sensorPublication(rig.indexOf(31)));
        }
    }
}
