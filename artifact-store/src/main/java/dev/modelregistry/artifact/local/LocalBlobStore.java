package dev.modelregistry.artifact.local;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.BlobNotFoundException;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.PartInfo;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.artifact.UploadId;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.artifact.support.BoundedChannelInputStream;
import dev.modelregistry.artifact.support.HashingCopy;
import dev.modelregistry.artifact.support.StoreNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store on a local file system. Layout under the root:
 * <pre>
 * blobs/sha256/&lt;first 2 hex digits&gt;/&lt;digest&gt;   published blobs, raw bytes
 * staging/&lt;uuid&gt;                                bytes being received (stage, assemble)
 * uploads/&lt;upload uuid&gt;/&lt;part number&gt;             parts of a resumable upload (a 40-byte header, then the bytes)
 * </pre>
 * Every name comes from a digest, a UUID or a part number, never from a caller's string.
 *
 * <p>Symbolic links: the root may itself be a symlink (a data directory on another disk); it is
 * resolved once at start. The store's own directories ({@code blobs}, {@code blobs/sha256},
 * {@code staging}, {@code uploads}) must be real directories, or the store refuses to start. Below
 * them nothing is ever followed: files are opened with {@code NOFOLLOW_LINKS} after checking that
 * they are regular files, and a fan-out or upload directory that is not a real directory counts as
 * absent. A symlink, directory or device planted where a blob belongs therefore reads as a missing
 * blob ({@link #verify} reports it missing), and {@link #publish} replaces a planted symlink with the
 * real bytes. Someone who can write into the store directory can still swap a file between the
 * check and the open; they could equally rewrite a blob's bytes, which verification on read catches.
 *
 * <p>Durability: {@link #publish} fsyncs the staged file, renames it into place atomically
 * (replacing an existing copy) and fsyncs the directory, so a published blob survives a crash and a
 * reader sees either the old complete file or the new complete file. Staging files left by a crash
 * are removed when the store starts, once they are a day old.
 */
public final class LocalBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(LocalBlobStore.class);

    /** Part files start with this magic and the part's own SHA-256, so that listing parts needs no re-hashing. */
    private static final byte[] PART_MAGIC = "MRPART01".getBytes(StandardCharsets.US_ASCII);
    static final int PART_HEADER_SIZE = PART_MAGIC.length + 32;

    private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern PART_NAME = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Duration STALE_STAGING = Duration.ofDays(1);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Path root;
    private final Path blobs;
    private final Path staging;
    private final Path uploads;

    /**
     * Opens (creating when needed) a store under {@code root}.
     *
     * @throws IOException when the root cannot be created, or one of the store's directories is not a real directory
     */
    public LocalBlobStore(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        Path blobsTop = realDirectory(this.root.resolve("blobs"));
        this.blobs = realDirectory(blobsTop.resolve("sha256"));
        this.staging = realDirectory(this.root.resolve("staging"));
        this.uploads = realDirectory(this.root.resolve("uploads"));
        removeStaleStaging(Instant.now().minus(STALE_STAGING));
    }

    /** The resolved root directory. */
    public Path root() {
        return root;
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) throws IOException {
        String stagingId = StoreNames.newStagingId();
        Path file = staging.resolve(stagingId);
        HashingCopy.Result result;
        // CREATE_NEW is O_EXCL: it never follows (or reuses) anything planted under that name
        try (FileChannel out = FileChannel.open(file, CREATE_NEW, WRITE)) {
            HashingCopy copy = new HashingCopy();
            copy.copy(content, maxBytes, (buffer, length) -> writeFully(out, buffer, length));
            result = copy.finish();
        } catch (Throwable e) {
            deleteQuietly(file);
            throw e;
        }
        return new StagedBlob(stagingId, result.digest(), result.size());
    }

    @Override
    public BlobInfo publish(StagedBlob staged) throws IOException {
        Path file = staging.resolve(StoreNames.checkStagingId(staged.stagingId()));
        BasicFileAttributes attributes = regularFile(file);
        if (attributes == null) {
            throw new BlobNotFoundException("staged blob " + staged.stagingId());
        }
        if (attributes.size() != staged.size()) {
            throw new IOException("staged blob " + staged.stagingId() + " has " + attributes.size()
                    + " bytes, expected " + staged.size());
        }
        try (FileChannel channel = FileChannel.open(file, READ, NOFOLLOW_LINKS)) {
            channel.force(true);
        }
        Path directory = fanOutDirectory(staged.digest(), true);
        Path target = directory.resolve(staged.digest().hex());
        // rename(2) replaces the target, even a planted symlink, without following it
        Files.move(file, target, ATOMIC_MOVE, REPLACE_EXISTING);
        fsyncDirectory(directory);
        return new BlobInfo(staged.digest(), staged.size(), null,
                Files.getLastModifiedTime(target, NOFOLLOW_LINKS).toInstant());
    }

    @Override
    public void discard(StagedBlob staged) {
        deleteQuietly(staging.resolve(StoreNames.checkStagingId(staged.stagingId())));
    }

    @Override
    public Optional<BlobInfo> stat(Sha256 digest) throws IOException {
        Path path = blobPath(digest);
        BasicFileAttributes attributes = path == null ? null : regularFile(path);
        return attributes == null
                ? Optional.empty()
                : Optional.of(new BlobInfo(digest, attributes.size(), null, attributes.lastModifiedTime().toInstant()));
    }

    @Override
    public InputStream open(Sha256 digest, long offset, long length) throws IOException {
        StoreNames.checkRange(offset, length);
        FileChannel channel = openBlob(digest);
        try {
            long size = channel.size();
            channel.position(Math.min(offset, size));
            return new BoundedChannelInputStream(channel, StoreNames.rangeLength(size, offset, length));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Verification verify(Sha256 digest) throws IOException {
        FileChannel channel;
        try {
            channel = openBlob(digest);
        } catch (BlobNotFoundException e) {
            return new Verification(digest, null, null);
        }
        try (InputStream in = Channels.newInputStream(channel)) {
            HashingCopy.Result result = HashingCopy.hash(in, HashingCopy.BUFFER_SIZE);
            return new Verification(digest, result.digest(), result.size());
        }
    }

    @Override
    public boolean delete(Sha256 digest) throws IOException {
        Path path = blobPath(digest);
        if (path == null) {
            return false;
        }
        BasicFileAttributes attributes = attributes(path);
        if (attributes == null) {
            return false;
        }
        if (attributes.isSymbolicLink()) {
            // never a blob; removing the link (not its target) cleans the store
            Files.deleteIfExists(path);
            return false;
        }
        return attributes.isRegularFile() && Files.deleteIfExists(path);
    }

    @Override
    public void forEach(Consumer<BlobInfo> action) throws IOException {
        try (DirectoryStream<Path> fanOuts = Files.newDirectoryStream(blobs)) {
            for (Path fanOut : fanOuts) {
                String prefix = fanOut.getFileName().toString();
                if (!FAN_OUT.matcher(prefix).matches() || !Files.isDirectory(fanOut, NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(fanOut)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (!Sha256.isValid(name) || !name.startsWith(prefix)) {
                            continue;
                        }
                        BasicFileAttributes attributes = regularFile(file);
                        if (attributes != null) {
                            action.accept(new BlobInfo(new Sha256(name), attributes.size(), null,
                                    attributes.lastModifiedTime().toInstant()));
                        }
                    }
                }
            }
        }
    }

    @Override
    public PartInfo writePart(UploadId uploadId, int partNumber, InputStream content, long maxBytes) throws IOException {
        StoreNames.checkPartNumber(partNumber);
        Path directory = uploadDirectory(uploadId, true);
        // a name of its own per attempt: two concurrent sends of one part never share a file
        Path temporary = directory.resolve(partNumber + "." + UUID.randomUUID() + ".tmp");
        HashingCopy.Result result;
        try (FileChannel out = FileChannel.open(temporary, CREATE_NEW, WRITE)) {
            writeFully(out, new byte[PART_HEADER_SIZE], PART_HEADER_SIZE);
            HashingCopy copy = new HashingCopy();
            copy.copy(content, maxBytes, (buffer, length) -> writeFully(out, buffer, length));
            result = copy.finish();
            ByteBuffer header = ByteBuffer.allocate(PART_HEADER_SIZE)
                    .put(PART_MAGIC).put(HexFormat.of().parseHex(result.digest().hex())).flip();
            while (header.hasRemaining()) {
                out.write(header, header.position());
            }
            out.force(true);
        } catch (Throwable e) {
            deleteQuietly(temporary);
            throw e;
        }
        try {
            Files.move(temporary, directory.resolve(Integer.toString(partNumber)), ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
        fsyncDirectory(directory);
        return new PartInfo(partNumber, result.size(), result.digest());
    }

    @Override
    public List<PartInfo> parts(UploadId uploadId) throws IOException {
        Path directory = uploadDirectory(uploadId, false);
        if (directory == null) {
            return List.of();
        }
        List<PartInfo> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!PART_NAME.matcher(name).matches() || Integer.parseInt(name) > MAX_PARTS) {
                    continue;
                }
                try (FileChannel channel = openRegular(file)) {
                    if (channel != null) {
                        Sha256 sha256 = readPartHeader(channel, file);
                        parts.add(new PartInfo(Integer.parseInt(name), channel.size() - PART_HEADER_SIZE, sha256));
                    }
                }
            }
        }
        parts.sort(Comparator.comparingInt(PartInfo::partNumber));
        return parts;
    }

    @Override
    public StagedBlob assemble(UploadId uploadId, List<Integer> partNumbers, long maxBytes) throws IOException {
        List<Integer> order = StoreNames.checkPartList(partNumbers);
        Path directory = uploadDirectory(uploadId, false);
        if (directory == null) {
            throw new BlobNotFoundException("part " + order.getFirst() + " of upload " + uploadId);
        }
        String stagingId = StoreNames.newStagingId();
        Path file = staging.resolve(stagingId);
        HashingCopy.Result result;
        try (FileChannel out = FileChannel.open(file, CREATE_NEW, WRITE)) {
            HashingCopy copy = new HashingCopy();
            for (int partNumber : order) {
                Path partFile = directory.resolve(Integer.toString(partNumber));
                try (FileChannel part = openRegular(partFile)) {
                    if (part == null) {
                        throw new BlobNotFoundException("part " + partNumber + " of upload " + uploadId);
                    }
                    readPartHeader(part, partFile);
                    // the bytes must be hashed, so they pass through the buffer rather than transferTo
                    copy.copy(Channels.newInputStream(part), maxBytes, (buffer, length) -> writeFully(out, buffer, length));
                }
            }
            result = copy.finish();
        } catch (Throwable e) {
            deleteQuietly(file);
            throw e;
        }
        return new StagedBlob(stagingId, result.digest(), result.size());
    }

    @Override
    public void deleteParts(UploadId uploadId) throws IOException {
        Path directory = uploads.resolve(uploadId.value().toString());
        BasicFileAttributes attributes = attributes(directory);
        if (attributes == null) {
            return;
        }
        if (attributes.isDirectory()) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    // deletes links themselves, never their targets; the store never makes subdirectories here
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(directory);
    }

    @Override
    public Optional<URI> signedUrl(Sha256 digest, Duration validFor) {
        return Optional.empty();
    }

    /** Always false: a local disk has no storage classes (nothing is checked). */
    @Override
    public boolean changeStorageClass(Sha256 digest, String storageClass) {
        return false;
    }

    /** The store's directories are still real directories and staging accepts a file. */
    @Override
    public void probe() throws IOException {
        for (Path directory : List.of(blobs, staging, uploads)) {
            BasicFileAttributes attributes = attributes(directory);
            if (attributes == null || !attributes.isDirectory()) {
                throw new IOException(root.relativize(directory) + " is not a directory of the store");
            }
        }
        Path probe = staging.resolve(StoreNames.newStagingId());
        Files.newByteChannel(probe, CREATE_NEW, WRITE).close();
        Files.delete(probe);
    }

    // --- internals

    private FileChannel openBlob(Sha256 digest) throws IOException {
        Path path = blobPath(digest);
        FileChannel channel = path == null ? null : openRegular(path);
        if (channel == null) {
            throw new BlobNotFoundException("blob " + digest);
        }
        return channel;
    }

    /** Opens a regular file without following links; null when absent or anything else. */
    private static FileChannel openRegular(Path path) throws IOException {
        if (regularFile(path) == null) {
            return null;
        }
        try {
            return FileChannel.open(path, READ, NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The blob's path, or null when its fan-out directory is absent or not a real directory. */
    private Path blobPath(Sha256 digest) throws IOException {
        Path directory = fanOutDirectory(digest, false);
        return directory == null ? null : directory.resolve(digest.hex());
    }

    private Path fanOutDirectory(Sha256 digest, boolean create) throws IOException {
        Path directory = blobs.resolve(digest.hex().substring(0, 2));
        return create ? createRealDirectory(directory) : existingRealDirectory(directory);
    }

    private Path uploadDirectory(UploadId uploadId, boolean create) throws IOException {
        Path directory = uploads.resolve(uploadId.value().toString());
        return create ? createRealDirectory(directory) : existingRealDirectory(directory);
    }

    private static Path existingRealDirectory(Path directory) throws IOException {
        BasicFileAttributes attributes = attributes(directory);
        return attributes != null && attributes.isDirectory() ? directory : null;
    }

    private Path createRealDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory);
            fsyncDirectory(directory.getParent());
        } catch (FileAlreadyExistsException e) {
            if (existingRealDirectory(directory) == null) {
                throw new IOException(root.relativize(directory) + " in the artifact store is not a directory"
                        + " (a planted link or file?); refusing to write through it");
            }
        }
        return directory;
    }

    private static Path realDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            BasicFileAttributes attributes = attributes(directory);
            if (attributes == null || !attributes.isDirectory()) {
                throw new IOException(directory + " must be a real directory of the artifact store, not a link or"
                        + " a file; refusing to start");
            }
        }
        return directory;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static BasicFileAttributes regularFile(Path path) throws IOException {
        BasicFileAttributes attributes = attributes(path);
        return attributes != null && attributes.isRegularFile() ? attributes : null;
    }

    private static Sha256 readPartHeader(FileChannel channel, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(PART_HEADER_SIZE);
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                throw new IOException("part file " + file.getFileName() + " is truncated");
            }
        }
        byte[] bytes = header.array();
        if (!Arrays.equals(bytes, 0, PART_MAGIC.length, PART_MAGIC, 0, PART_MAGIC.length)) {
            throw new IOException("part file " + file.getFileName() + " has no part header");
        }
        return Sha256.of(Arrays.copyOfRange(bytes, PART_MAGIC.length, PART_HEADER_SIZE));
    }

    private static void writeFully(FileChannel out, byte[] buffer, int length) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(buffer, 0, length);
        while (source.hasRemaining()) {
            out.write(source);
        }
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return; // directories cannot be opened for fsync there; NTFS journals the rename
        }
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not remove {} from the artifact store: {}", path, e.toString());
        }
    }

    private void removeStaleStaging(Instant before) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                BasicFileAttributes attributes = attributes(file);
                if (attributes != null && !attributes.isDirectory()
                        && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                    deleteQuietly(file);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            log.info("Removed {} staging files older than {} from the artifact store (left by an earlier crash)",
                    removed, STALE_STAGING);
        }
    }
}
