package dev.modelregistry.artifact.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.BlobNotFoundException;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.BlobStoreContract;
import dev.modelregistry.artifact.PartInfo;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.artifact.UploadId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a temporary directory, and what only a file system can get wrong: links, layout, leftovers. */
class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path temp;

    Path root;
    /** A directory beside the store: nothing may ever be read from or written to it through the store. */
    Path outside;

    @Override
    protected BlobStore newStore() throws IOException {
        root = temp.resolve("store");
        outside = Files.createDirectories(temp.resolve("outside"));
        return new LocalBlobStore(root);
    }

    @Override
    protected void overwriteStoredBytes(Sha256 digest, byte[] bytes) throws IOException {
        Files.write(blobFile(digest), bytes);
    }

    @Override
    protected List<String> leftovers() throws IOException {
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> staging = Files.list(root.resolve("staging"))) {
            staging.forEach(path -> leftovers.add(root.relativize(path).toString()));
        }
        try (Stream<Path> uploads = Files.walk(root.resolve("uploads"))) {
            uploads.filter(path -> path.getFileName().toString().endsWith(".tmp"))
                    .forEach(path -> leftovers.add(root.relativize(path).toString()));
        }
        return leftovers;
    }

    private Path blobFile(Sha256 digest) {
        return root.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    private Sha256 publish(byte[] content) throws IOException {
        return store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();
    }

    // --- layout

    @Test
    void blobsLiveUnderTheirDigestWithATwoDigitFanOut() throws IOException {
        byte[] content = bytes(4000, 100);

        Sha256 digest = publish(content);

        assertThat(blobFile(digest)).isRegularFile().hasBinaryContent(content);
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).map(root::relativize).map(Path::toString))
                    .containsExactly("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        }
        assertThat(root.resolve("staging")).isEmptyDirectory();
        assertThat(root.resolve("uploads")).isEmptyDirectory();
    }

    @Test
    void partsLiveUnderTheUploadIdAndPartNumber() throws IOException {
        UploadId upload = new UploadId(UUID.randomUUID());
        byte[] content = bytes(500, 101);

        store.writePart(upload, 7, new ByteArrayInputStream(content), NO_LIMIT);

        Path part = root.resolve("uploads").resolve(upload.toString()).resolve("7");
        assertThat(part).isRegularFile();
        assertThat(Files.size(part)).isEqualTo(LocalBlobStore.PART_HEADER_SIZE + content.length);
        try (Stream<Path> files = Files.list(part.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("7");
        }
    }

    @Test
    void aSymlinkedRootIsResolvedOnce() throws IOException {
        Path real = Files.createDirectories(temp.resolve("real-disk/artifacts"));
        Path link = Files.createSymbolicLink(temp.resolve("artifacts-link"), real);

        LocalBlobStore linked = new LocalBlobStore(link);

        assertThat(linked.root()).isEqualTo(real.toRealPath());
        assertThat(real.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void theStoreRefusesToStartWhenOneOfItsDirectoriesIsALink() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other"));
        for (String directory : List.of("staging", "uploads", "blobs", "blobs/sha256")) {
            Path planted = temp.resolve("planted-" + directory.replace('/', '-'));
            Files.createDirectories(planted.resolve(directory).getParent());
            Files.createSymbolicLink(planted.resolve(directory), other);

            assertThatThrownBy(() -> new LocalBlobStore(planted)).as(directory)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("real directory");
        }
    }

    @Test
    void stagingFilesLeftByACrashAreRemovedAtStartOnceOld() throws IOException {
        Path old = root.resolve("staging").resolve(UUID.randomUUID().toString());
        Path fresh = root.resolve("staging").resolve(UUID.randomUUID().toString());
        Files.write(old, new byte[10]);
        Files.write(fresh, new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        new LocalBlobStore(root);

        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }

    // --- symlinks and other things planted in the store

    @Test
    void aSymlinkPlantedAtABlobPathIsNeverFollowed() throws IOException {
        byte[] secret = "outside secret".getBytes();
        Path target = Files.write(outside.resolve("secret.txt"), secret);
        Sha256 digest = sha256(secret);
        Files.createDirectories(blobFile(digest).getParent());
        Files.createSymbolicLink(blobFile(digest), target);

        assertThat(store.stat(digest)).isEmpty();
        assertThatThrownBy(() -> store.open(digest, 0, 100)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.verify(digest).missing()).isTrue();
        assertThat(allBlobs()).isEmpty();

        // publishing the real bytes replaces the link itself; the target is untouched
        publish(secret);
        assertThat(Files.isSymbolicLink(blobFile(digest))).isFalse();
        assertThat(blobFile(digest)).hasBinaryContent(secret);
        assertThat(target).hasBinaryContent(secret);
        assertThat(store.verify(digest).intact()).isTrue();
    }

    @Test
    void deletingAPlantedSymlinkRemovesTheLinkButNotItsTarget() throws IOException {
        byte[] secret = "keep me".getBytes();
        Path target = Files.write(outside.resolve("keep.txt"), secret);
        Sha256 digest = sha256(secret);
        Files.createDirectories(blobFile(digest).getParent());
        Files.createSymbolicLink(blobFile(digest), target);

        assertThat(store.delete(digest)).isFalse();

        assertThat(blobFile(digest)).doesNotExist();
        assertThat(target).hasBinaryContent(secret);
    }

    @Test
    void aSymlinkPlantedInPlaceOfAFanOutDirectoryIsNeverFollowed() throws IOException {
        byte[] secret = "fan-out secret".getBytes();
        Sha256 digest = sha256(secret);
        Files.write(outside.resolve(digest.hex()), secret);
        Files.createSymbolicLink(blobFile(digest).getParent(), outside);

        assertThat(store.stat(digest)).isEmpty();
        assertThatThrownBy(() -> store.open(digest, 0, 100)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.verify(digest).missing()).isTrue();
        assertThat(allBlobs()).isEmpty();
        assertThat(store.delete(digest)).isFalse();

        // nothing is written through it either: the publish fails loudly and the staged bytes stay private
        StagedBlob staged = store.stage(new ByteArrayInputStream(secret), NO_LIMIT);
        assertThatThrownBy(() -> store.publish(staged)).isInstanceOf(IOException.class).hasMessageContaining("not a directory");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly(digest.hex());
        }
        assertThat(outside.resolve(digest.hex())).hasBinaryContent(secret);
        store.discard(staged);
    }

    @Test
    void aDirectoryOrFifoPlantedAtABlobPathReadsAsMissing() throws Exception {
        Sha256 directoryDigest = sha256("dir".getBytes());
        Files.createDirectories(blobFile(directoryDigest));

        assertThat(store.stat(directoryDigest)).isEmpty();
        assertThat(store.verify(directoryDigest).missing()).isTrue();
        assertThatThrownBy(() -> store.open(directoryDigest, 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.delete(directoryDigest)).isFalse();

        Sha256 fifoDigest = sha256("fifo".getBytes());
        Files.createDirectories(blobFile(fifoDigest).getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", blobFile(fifoDigest).toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // opening a FIFO for reading would block until a writer came: the store never opens it
        assertThat(store.stat(fifoDigest)).isEmpty();
        assertThat(store.verify(fifoDigest).missing()).isTrue();
        assertThatThrownBy(() -> store.open(fifoDigest, 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThat(allBlobs()).isEmpty();
    }

    @Test
    void aSymlinkPlantedInStagingIsNeverPublished() throws IOException {
        byte[] secret = "staged secret".getBytes();
        Path target = Files.write(outside.resolve("staged.txt"), secret);
        String stagingId = UUID.randomUUID().toString();
        Files.createSymbolicLink(root.resolve("staging").resolve(stagingId), target);
        StagedBlob forged = new StagedBlob(stagingId, sha256(secret), secret.length);

        assertThatThrownBy(() -> store.publish(forged)).isInstanceOf(BlobNotFoundException.class);

        assertThat(store.stat(sha256(secret))).isEmpty();
        assertThat(target).hasBinaryContent(secret);
        store.discard(forged);
        assertThat(target).exists();
        assertThat(root.resolve("staging")).isEmptyDirectory();
    }

    @Test
    void aSymlinkPlantedForAnUploadIsNeverWrittenThroughOrRead() throws IOException {
        UploadId upload = new UploadId(UUID.randomUUID());
        Path planted = root.resolve("uploads").resolve(upload.toString());
        Files.createSymbolicLink(planted, outside);
        Files.write(outside.resolve("1"), bytes(100, 102));

        assertThatThrownBy(() -> store.writePart(upload, 1, new ByteArrayInputStream(bytes(10, 103)), NO_LIMIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
        assertThat(store.parts(upload)).isEmpty();
        assertThatThrownBy(() -> store.assemble(upload, List.of(1), NO_LIMIT)).isInstanceOf(BlobNotFoundException.class);

        store.deleteParts(upload);
        assertThat(planted).doesNotExist();
        assertThat(outside.resolve("1")).exists();
    }

    @Test
    void aSymlinkPlantedAsAPartIsIgnored() throws IOException {
        UploadId upload = new UploadId(UUID.randomUUID());
        store.writePart(upload, 1, new ByteArrayInputStream(bytes(100, 104)), NO_LIMIT);
        Path realPart = root.resolve("uploads").resolve(upload.toString()).resolve("1");
        Path copyOutside = Files.copy(realPart, outside.resolve("part"));
        Files.createSymbolicLink(realPart.resolveSibling("2"), copyOutside);

        assertThat(store.parts(upload)).extracting(PartInfo::partNumber).containsExactly(1);
        assertThatThrownBy(() -> store.assemble(upload, List.of(1, 2), NO_LIMIT))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("part 2");

        store.deleteParts(upload);
        assertThat(copyOutside).exists();
    }

    @Test
    void filesThatAreNotNamedLikeBlobsAreIgnored() throws IOException {
        Sha256 digest = publish(bytes(10, 105));
        Files.write(root.resolve("blobs/sha256/readme.txt"), new byte[1]);
        Files.createDirectories(root.resolve("blobs/sha256/zz"));
        Files.write(root.resolve("blobs/sha256/zz").resolve(digest.hex()), new byte[1]);
        Files.write(blobFile(digest).resolveSibling("not-a-digest"), new byte[1]);
        Sha256 misplaced = sha256("misplaced".getBytes());
        Files.write(blobFile(digest).resolveSibling(misplaced.hex()), "misplaced".getBytes());

        assertThat(allBlobs()).extracting(BlobInfo::digest).containsExactly(digest);
    }

    @Test
    void publishIsDurableAndLeavesNoStagingFile() throws IOException {
        StagedBlob staged = store.stage(new ByteArrayInputStream(bytes(100, 106)), NO_LIMIT);
        assertThat(root.resolve("staging").resolve(staged.stagingId())).isRegularFile();

        store.publish(staged);

        assertThat(root.resolve("staging").resolve(staged.stagingId())).doesNotExist();
        assertThat(Files.isSymbolicLink(blobFile(staged.digest()))).isFalse();
        assertThat(Files.isRegularFile(blobFile(staged.digest()), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void theProbeFailsWhenTheStagingDirectoryIsGone() throws IOException {
        store.probe();
        Files.delete(root.resolve("staging"));

        assertThatThrownBy(() -> store.probe()).isInstanceOf(IOException.class);
    }

    @Test
    void aLocalStoreHasNoSignedUrlsOrStorageClasses() throws IOException {
        Sha256 digest = publish(bytes(10, 107));

        assertThat(store.signedUrl(digest, Duration.ofMinutes(5))).isEmpty();
        assertThat(store.changeStorageClass(digest, "COLDLINE")).isFalse();
        assertThat(store.stat(digest)).get().extracting(BlobInfo::storageClass).isNull();
        assertThat(store.backend()).isEqualTo("local");
    }
}
