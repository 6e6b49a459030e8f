package io.fusebox.runtime.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network link between two boards, on loopback, as a test can cut it: datagrams to {@link #frontPort()}
 * go on to the far side's port, and whatever the far side answers (Aeron's status messages and NAKs) goes
 * back to whoever sent last. While cut, both directions are dropped and counted.
 */
final class UdpRelay implements AutoCloseable
{
    private static final int SOCKET_BUFFER_LENGTH = 8 * 1024 * 1024;

    private final DatagramChannel front;
    private final DatagramChannel back;
    private final InetSocketAddress farSide;
    private final Thread forward;
    private final Thread backward;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean cut;
    private volatile SocketAddress nearSide;

    UdpRelay(final int farSidePort) throws IOException
    {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        farSide = new InetSocketAddress(loopback, farSidePort);
        // Buffers as large as a board's tuned socket: the relay must not be where the link loses data.
        front = DatagramChannel.open().setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_LENGTH)
            .bind(new InetSocketAddress(loopback, 0));
        back = DatagramChannel.open().setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_LENGTH)
            .bind(new InetSocketAddress(loopback, 0));
        forward = new Thread(this::forward, "relay-forward");
        backward = new Thread(this::backward, "relay-backward");
        forward.setDaemon(true);
        backward.setDaemon(true);
        forward.start();
        backward.start();
    }

    int frontPort() throws IOException
    {
        return ((InetSocketAddress)front.getLocalAddress()).getPort();
    }

    void cut(final boolean cut)
    {
        this.cut = cut;
    }

    long forwarded()
    {
        return forwarded.get();
    }

    long dropped()
    {
        return dropped.get();
    }

    public void close() throws Exception
    {
        front.close();
        back.close();
        forward.join(5_000);
        backward.join(5_000);
    }

    private void forward()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try
        {
            while (true)
            {
                buffer.clear();
                nearSide = front.receive(buffer);
                buffer.flip();
                pass(back, buffer, farSide);
            }
        }
        catch (final ClosedChannelException ex)
        {
            // closed: the relay is done.
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void backward()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try
        {
            while (true)
            {
                buffer.clear();
                back.receive(buffer);
                buffer.flip();
                final SocketAddress to = nearSide;
                if (null != to)
                {
                    pass(front, buffer, to);
                }
            }
        }
        catch (final ClosedChannelException ex)
        {
            // closed: the relay is done.
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void pass(final DatagramChannel channel, final ByteBuffer buffer, final SocketAddress to) throws IOException
    {
        if (cut)
        {
            dropped.incrementAndGet();
        }
        else
        {
            channel.send(buffer, to);
            forwarded.incrementAndGet();
        }
    }
}
