package dev.modelregistry.artifact.local;

import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.StagedBlob;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * Not a test: measures {@link LocalBlobStore#stage} + {@link LocalBlobStore#publish} (SHA-256, fsync)
 * of a generated stream, to compare with {@code dd ... conv=fdatasync} on the same disk
 * (docs/artifacts.md). The stream hands out at most 8 KiB per read, like a servlet request body;
 * a 256 MiB warm-up runs first, as a server would be warm.
 *
 * <pre>java -Xmx256m -cp target/classes:target/test-classes:$(deps) dev.modelregistry.artifact.local.StageThroughputCheck DIR [MiB]</pre>
 */
public final class StageThroughputCheck {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 2048;
        LocalBlobStore store = new LocalBlobStore(root);
        long bytes = mib << 20;
        // warm up (JIT) as a running server would be
        store.delete(store.publish(store.stage(new GeneratedStream(256L << 20), Long.MAX_VALUE)).digest());
        long started = System.nanoTime();
        StagedBlob staged = store.stage(new GeneratedStream(bytes), Long.MAX_VALUE);
        long stagedAt = System.nanoTime();
        BlobInfo published = store.publish(staged);
        long ended = System.nanoTime();
        double seconds = (ended - started) / 1e9;
        System.out.printf("stage+publish %d MiB: %.2f s, %.0f MB/s (stage %.2f s, publish incl. fsync %.2f s), heap max %d MiB%n",
                mib, seconds, bytes / seconds / 1e6, (stagedAt - started) / 1e9, (ended - stagedAt) / 1e9,
                Runtime.getRuntime().maxMemory() >> 20);
        store.delete(published.digest());
    }

    /** {@code size} bytes of a repeated random 1 MiB block, at most 8 KiB per read. */
    static final class GeneratedStream extends InputStream {
        private final byte[] block = new byte[1 << 20];
        private long remaining;

        GeneratedStream(long size) {
            new Random(1).nextBytes(block);
            remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int position = (int) (remaining % block.length);
            int n = (int) Math.min(Math.min(len, 8192), Math.min(remaining, block.length - position));
            System.arraycopy(block, position, b, off, n);
            remaining -= n;
            return n;
        }
    }
}
