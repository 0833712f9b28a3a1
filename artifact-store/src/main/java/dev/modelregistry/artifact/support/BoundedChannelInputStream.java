package dev.modelregistry.artifact.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * At most {@code remaining} bytes of a channel that is already positioned; closing the stream closes
 * the channel. {@link #transferTo} uses a large buffer (the JDK's default is 16 KiB), since
 * downloads are copied to the response with it.
 */
public final class BoundedChannelInputStream extends InputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final ReadableByteChannel channel;
    private long remaining;
    private boolean closed;

    public BoundedChannelInputStream(ReadableByteChannel channel, long remaining) {
        this.channel = Objects.requireNonNull(channel);
        this.remaining = Math.max(0, remaining);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        ByteBuffer target = ByteBuffer.wrap(b, off, (int) Math.min(len, remaining));
        int n;
        do {
            n = channel.read(target);
        } while (n == 0);
        if (n < 0) {
            // the object got shorter under us; a caller that verifies will notice
            remaining = 0;
            return -1;
        }
        remaining -= n;
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(TRANSFER_BUFFER, Math.max(1, remaining))];
        long total = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return 0;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
