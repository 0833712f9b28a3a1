package dev.modelregistry.artifact.support;

import dev.modelregistry.artifact.BlobTooLargeException;
import dev.modelregistry.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Copies a stream to a sink through two fixed buffers, hashing every byte on the way: memory is two
 * buffers whatever the size of the content.
 *
 * <p>Hashing and writing overlap: while one buffer is written (on a virtual thread), the caller reads
 * and hashes the next one into the other buffer, so a copy runs at the speed of the slower of the
 * two rather than the sum of both (SHA-256 and a disk are of the same order). At most one write is
 * in flight, so the sink sees the buffers in order and never two writes at once. Content that fits
 * in one buffer is written on the caller's thread.
 */
public final class HashingCopy {

    /**
     * 1 MiB: large enough that the per-call costs (a system call or an HTTP chunk per write, a thread
     * hand-off) vanish next to hashing and disk time, small enough for many concurrent uploads in a
     * small heap.
     */
    public static final int BUFFER_SIZE = 1 << 20;

    /** Where the bytes go; called by one thread at a time, in order. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buffer, int length) throws IOException;
    }

    /** The bytes copied and their SHA-256. */
    public record Result(Sha256 digest, long size) {
    }

    private final MessageDigest digest = sha256();
    private final byte[][] buffers;
    private int current;
    private long size;

    public HashingCopy() {
        this(BUFFER_SIZE);
    }

    public HashingCopy(int bufferSize) {
        this.buffers = new byte[][] {new byte[bufferSize], null};
    }

    /**
     * Copies {@code in} to its end, so that the running total never exceeds {@code maxTotal}; can be
     * called once per source (the parts of an upload) before {@link #finish()}. When it returns or
     * throws, no write is running any more.
     */
    public void copy(InputStream in, long maxTotal, Sink sink) throws IOException {
        PendingWrite pending = null;
        try {
            while (true) {
                byte[] buffer = buffer(current);
                // readNBytes fills the buffer (network streams hand out a few KiB per read), so the
                // sink sees large writes
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    PendingWrite last = pending;
                    pending = null;
                    awaitIfAny(last);
                    return;
                }
                size += n;
                if (size > maxTotal) {
                    throw new BlobTooLargeException(maxTotal);
                }
                digest.update(buffer, 0, n);
                PendingWrite previous = pending;
                pending = null; // cleared first: if it failed, the catch below must not wait for it again
                awaitIfAny(previous);
                if (n < buffer.length) {
                    sink.write(buffer, n); // the last piece: nothing left to overlap with
                    return;
                }
                pending = PendingWrite.start(sink, buffer, n);
                current ^= 1;
            }
        } catch (Throwable e) {
            if (pending != null) {
                try {
                    pending.await();
                } catch (Throwable writeFailure) {
                    e.addSuppressed(writeFailure);
                }
            }
            throw e;
        }
    }

    private static void awaitIfAny(PendingWrite write) throws IOException {
        if (write != null) {
            write.await();
        }
    }

    public Result finish() {
        return new Result(Sha256.of(digest.digest()), size);
    }

    /** Hashes a whole stream without writing it anywhere. */
    public static Result hash(InputStream in, int bufferSize) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[bufferSize];
        long size = 0;
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            digest.update(buffer, 0, n);
            size += n;
        }
        return new Result(Sha256.of(digest.digest()), size);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private byte[] buffer(int index) {
        if (buffers[index] == null) {
            buffers[index] = new byte[buffers[0].length];
        }
        return buffers[index];
    }

    /** One write running on a virtual thread; {@link #await} rethrows what it threw. */
    private static final class PendingWrite implements Runnable {
        private final Sink sink;
        private final byte[] buffer;
        private final int length;
        private final Thread thread;
        private volatile Throwable failure;

        private PendingWrite(Sink sink, byte[] buffer, int length) {
            this.sink = sink;
            this.buffer = buffer;
            this.length = length;
            this.thread = Thread.ofVirtual().name("blob-write").unstarted(this);
        }

        static PendingWrite start(Sink sink, byte[] buffer, int length) {
            PendingWrite write = new PendingWrite(sink, buffer, length);
            write.thread.start();
            return write;
        }

        @Override
        public void run() {
            try {
                sink.write(buffer, length);
            } catch (Throwable e) {
                failure = e;
            }
        }

        void await() throws IOException {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // the write must end before the caller may close or delete what it writes to
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable e = failure;
            if (e == null) {
                if (interrupted) {
                    throw new InterruptedIOException("interrupted while copying");
                }
                return;
            }
            switch (e) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}
