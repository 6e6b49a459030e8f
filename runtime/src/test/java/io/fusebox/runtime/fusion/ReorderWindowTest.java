package io.fusebox.runtime.fusion;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReorderWindowTest
{
    @Test
    void givesMessagesBackInCaptureTimeThenSequenceOrder()
    {
        final ReorderWindow window = new ReorderWindow(8, 16);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
        final long[][] inputs = { { 30, 0 }, { 10, 1 }, { 20, 2 }, { 10, 3 }, { 5, 4 }, { 40, 5 } };
        for (final long[] input : inputs)
        {
            message.putLong(0, input[1]);
            window.add(message, 0, 8, input[0], input[1], (int)input[1]);
        }
        final long[] expectedSequence = { 4, 1, 3, 2, 0, 5 };
        for (final long sequence : expectedSequence)
        {
            final int slot = window.take();
            assertEquals(sequence, window.globalSequence(slot));
            assertEquals(sequence, window.buffer().getLong(window.offset(slot)), "the message's own bytes");
            assertEquals(8, window.length(slot));
            window.release(slot);
        }
        assertTrue(window.isEmpty());
    }

    @Test
    void fillsToCapacity()
    {
        final ReorderWindow window = new ReorderWindow(2, 8);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        window.add(message, 0, 8, 2, 0, 0);
        assertFalse(window.isFull());
        window.add(message, 0, 8, 1, 1, 0);
        assertTrue(window.isFull());
        assertEquals(1, window.earliestCaptureTimeNs());
        window.release(window.take());
        assertFalse(window.isFull());
    }
}
