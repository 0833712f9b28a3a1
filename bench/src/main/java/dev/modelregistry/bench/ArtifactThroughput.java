package dev.modelregistry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Artifact store throughput against the raw disk, in one run (issue 3): a file of {@code --size}
 * random bytes is copied on the same disk four ways, each ending with an fsync of the copy:
 * <ol>
 *   <li>raw, the baseline: what {@code dd if=source of=copy bs=1M conv=fsync} does, 1 MiB reads and
 *       writes through user space, then {@code force};</li>
 *   <li>kernel copy, for reference: {@code FileChannel.transferTo} (copy_file_range, no user-space
 *       copy at all), then {@code force}; no HTTP server can stream this way while hashing;</li>
 *   <li>upload: {@code POST /api/v1/artifacts} with the expected digest, the server hashing and
 *       storing the bytes (the server's own fsync is part of its answer);</li>
 *   <li>download: {@code GET /api/v1/artifacts/{sha256}} into a new file, the server verifying the
 *       whole blob before it sends the first byte.</li>
 * </ol>
 * Each copy's source was just written or read, so it is in the page cache for all three alike;
 * what is compared is the cost of the write path and, for the HTTP paths, hashing and the protocol.
 *
 * <pre>
 * REGISTRY_JAVA_OPTS=-Xmx256m ./registry start --registry.data-dir=/tmp/bench-data --server.port=18080
 * java -cp bench/target/classes dev.modelregistry.bench.ArtifactThroughput --url=http://127.0.0.1:18080 --size=2g --dir=/tmp/bench-blobs
 * </pre>
 */
public final class ArtifactThroughput {

    private static final int BUFFER = 1 << 20;

    /** Bearer token of a contributor (docs/benchmarks.md): {@code --token=} or {@code REGISTRY_TOKEN}. */
    private static String token = System.getenv("REGISTRY_TOKEN");

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        long size = 2L << 30;
        Path dir = Path.of("/tmp/artifact-bench");
        int rounds = 1;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "url" -> url = kv[1];
                case "size" -> size = parseSize(kv[1]);
                case "dir" -> dir = Path.of(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "token" -> token = kv[1];
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("give a bearer token: --token=... or REGISTRY_TOKEN (docs/benchmarks.md)");
        }
        run(url, size, dir, rounds);
    }

    private static void run(String url, long size, Path dir, int rounds) throws Exception {
        Files.createDirectories(dir);
        Path source = dir.resolve("source.bin");
        System.out.printf(Locale.ROOT, "writing %d MiB of random bytes to %s%n", size >> 20, source);
        String sha256 = writeRandom(source, size);
        System.out.printf(Locale.ROOT, "source sha256 %s%n", sha256);

        for (int r = 1; r <= rounds; r++) {
            int round = r;
            Path rawCopy = dir.resolve("raw-copy.bin");
            Path downloaded = dir.resolve("downloaded.bin");
            Files.deleteIfExists(rawCopy);
            Files.deleteIfExists(downloaded);

            double raw = rate(size, () -> copy(source, rawCopy));
            Files.delete(rawCopy);
            double kernel = rate(size, () -> kernelCopy(source, rawCopy));
            Files.delete(rawCopy);
            double upload = rate(size, () -> upload(url, source, size, sha256, round));
            double download = rate(size, () -> download(url, sha256, downloaded, size));
            String got = sha256Of(downloaded);
            if (!got.equals(sha256)) {
                throw new IllegalStateException("downloaded bytes hash to " + got + ", expected " + sha256);
            }
            Files.delete(downloaded);
            System.out.printf(Locale.ROOT,
                    "round %d: raw copy (dd) %.0f MB/s | kernel copy %.0f MB/s | upload %.0f MB/s (%.0f%% of raw) | "
                            + "download %.0f MB/s (%.0f%% of raw)%n",
                    round, raw, kernel, upload, 100 * upload / raw, download, 100 * download / raw);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    /** MB/s (10^6 bytes) of one step over {@code size} bytes. */
    private static double rate(long size, Step step) throws IOException {
        long start = System.nanoTime();
        step.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return size / 1e6 / seconds;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (in.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            out.force(true);
        }
    }

    private static void kernelCopy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            long size = in.size();
            while (position < size) {
                position += in.transferTo(position, size - position, out);
            }
            out.force(true);
        }
    }

    private static void upload(String url, Path source, long size, String sha256, int round) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url + "/api/v1/artifacts").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(size);
        connection.setRequestProperty("Content-Type", "application/octet-stream");
        connection.setRequestProperty("X-Artifact-Sha256", sha256);
        connection.setRequestProperty("X-Artifact-Filename", "bench-" + round + ".bin");
        try (InputStream in = Files.newInputStream(source); OutputStream out = connection.getOutputStream()) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
        int status = connection.getResponseCode();
        // 200 when an earlier round already stored the same bytes: the server still read and hashed them all.
        if (status != 201 && status != 200) {
            throw new IOException("upload answered " + status + ": " + new String(connection.getErrorStream().readAllBytes()));
        }
        connection.getInputStream().readAllBytes();
    }

    private static void download(String url, String sha256, Path target, long size) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url + "/api/v1/artifacts/" + sha256).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + token);
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IOException("download answered " + status);
        }
        try (InputStream in = connection.getInputStream();
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                total += n;
            }
            out.force(true);
            if (total != size) {
                throw new IOException("downloaded " + total + " bytes, expected " + size);
            }
        }
    }

    private static String writeRandom(Path target, long size) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(42);
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(buffer.length, size - written);
                for (int i = 0; i < n; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8 && i + b < n; b++) {
                        buffer[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                digest.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                written += n;
            }
            out.force(true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Of(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long parseSize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long unit = lower.endsWith("g") ? 1L << 30 : lower.endsWith("m") ? 1L << 20 : lower.endsWith("k") ? 1L << 10 : 1;
        String digits = unit == 1 ? lower : lower.substring(0, lower.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
