package io.fusebox.runtime.bus;

import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class CorePinningTest
{
    @Test
    void readsCpuLists()
    {
        assertArrayEquals(new int[]{ 2, 3, 4, 5 }, CorePinning.parseCpuList("2-5"));
        assertArrayEquals(new int[]{ 2, 3, 5, 6, 7 }, CorePinning.parseCpuList("2,3, 5-7"));
        assertEquals("'5-2' is not a CPU or an ascending range of CPUs",
            assertThrows(IllegalArgumentException.class, () -> CorePinning.parseCpuList("5-2")).getMessage());
        assertEquals("CPU 3 is listed twice",
            assertThrows(IllegalArgumentException.class, () -> CorePinning.parseCpuList("2-4,3")).getMessage());
        assertEquals("'x' is not a CPU or an ascending range of CPUs",
            assertThrows(IllegalArgumentException.class, () -> CorePinning.parseCpuList("1,x")).getMessage());
    }

    @Test
    void pinsEachThreadToTheNextCpuAndLetsTheRestFloat() throws InterruptedException
    {
        final int lastCpu = Runtime.getRuntime().availableProcessors() - 1;
        final CorePinning pinning = new CorePinning(Integer.toString(lastCpu));
        final AtomicReference<BitSet> pinned = new AtomicReference<>();
        final AtomicReference<BitSet> floating = new AtomicReference<>();

        final Thread first = pinning.newThread(() -> pinned.set(Affinity.getAffinity()));
        first.setName("sequencer");
        first.start();
        first.join();
        final Thread second = pinning.newThread(() -> floating.set(Affinity.getAffinity()));
        second.start();
        second.join();

        final BitSet only = new BitSet();
        only.set(lastCpu);
        assertEquals(only, pinned.get(), "the first thread runs only on CPU " + lastCpu);
        assertEquals(Affinity.getAffinity(), floating.get(), "the next one keeps the process's CPU set");
        assertEquals(List.of("sequencer@" + lastCpu), pinning.assignments());
    }

    @Test
    void theBoardProfileTakesItsCpusFromTheLauncherAndNamesABadList()
    {
        System.setProperty(CorePinning.CPUS_PROP_NAME, "3-1");
        try
        {
            final Exception ex = assertThrows(RuntimeException.class,
                () -> new BusContext().profile(Profile.BOARD).conclude());
            assertEquals("ERROR - BusContext.agentThreadFactory (fusebox.cpus=3-1): '3-1' is not a CPU or an ascending range of CPUs",
                ex.getMessage());
            System.setProperty(CorePinning.CPUS_PROP_NAME, "0");
            assertEquals(CorePinning.class, new BusContext().profile(Profile.BOARD).conclude().agentThreadFactory().getClass());
            assertEquals(false, new BusContext().profile(Profile.LAPTOP).conclude().agentThreadFactory() instanceof CorePinning);
        }
        finally
        {
            System.clearProperty(CorePinning.CPUS_PROP_NAME);
        }
    }
}
