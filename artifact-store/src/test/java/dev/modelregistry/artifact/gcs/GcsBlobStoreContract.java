package dev.modelregistry.artifact.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.BlobNotFoundException;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.BlobStoreContract;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.UploadId;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The blob store contract plus what is particular to Cloud Storage (object names, metadata, storage
 * classes), for any {@link Storage} client: Google's fake or a real bucket.
 */
abstract class GcsBlobStoreContract extends BlobStoreContract {

    protected Storage storage;
    protected String bucket;
    protected String prefix;

    /** Sets {@link #storage}, {@link #bucket} and {@link #prefix} for a new, empty store. */
    protected abstract void connect() throws Exception;

    @Override
    protected BlobStore newStore() throws Exception {
        connect();
        return new GcsBlobStore(storage, bucket, prefix, false);
    }

    @Override
    protected void overwriteStoredBytes(Sha256 digest, byte[] bytes) {
        storage.create(com.google.cloud.storage.BlobInfo.newBuilder(bucket, prefix + "blobs/sha256/" + digest.hex()).build(), bytes);
    }

    @Override
    protected List<String> leftovers() {
        return names().stream().filter(name -> name.startsWith(prefix + "staging/") || name.contains(".tmp-")).toList();
    }

    protected List<String> names() {
        List<String> names = new ArrayList<>();
        storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll().forEach(blob -> names.add(blob.getName()));
        return names;
    }

    private Sha256 publish(byte[] content) throws Exception {
        return store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();
    }

    @Test
    void objectsAreNamedByDigestUnderThePrefixAndCarryTheirDigest() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        Sha256 digest = publish(bytes(100, 200));
        store.writePart(upload, 3, new ByteArrayInputStream(bytes(10, 201)), NO_LIMIT);

        assertThat(names()).containsExactlyInAnyOrder(prefix + "blobs/sha256/" + digest.hex(), prefix + "uploads/" + upload + "/3");
        Blob blob = storage.get(BlobId.of(bucket, prefix + "blobs/sha256/" + digest.hex()));
        assertThat(blob.getMetadata()).containsEntry("sha256", digest.hex());
        assertThat(blob.getContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void objectsNotNamedLikeBlobsAreIgnored() throws Exception {
        Sha256 digest = publish(bytes(10, 202));
        for (String name : List.of("blobs/sha256/readme.txt", "blobs/sha256/" + digest.hex() + "/x",
                "other/blobs/sha256/" + digest.hex(), "blobs/sha256/" + digest.hex().toUpperCase())) {
            storage.create(com.google.cloud.storage.BlobInfo.newBuilder(bucket, prefix + name).build(), new byte[1]);
        }

        assertThat(allBlobs()).extracting(BlobInfo::digest).containsExactly(digest);
    }

    @Test
    void aBlobMovesToAColderStorageClass() throws Exception {
        byte[] content = bytes(1000, 203);
        Sha256 digest = publish(content);

        assertThat(store.changeStorageClass(digest, "coldline")).isTrue();

        assertThat(store.stat(digest)).get().extracting(BlobInfo::storageClass).isEqualTo("COLDLINE");
        assertThat(readAll(digest)).isEqualTo(content);
        assertThat(store.verify(digest).intact()).isTrue();
        assertThat(storage.get(BlobId.of(bucket, prefix + "blobs/sha256/" + digest.hex())).getMetadata())
                .containsEntry("sha256", digest.hex());
        assertThat(store.changeStorageClass(digest, "COLDLINE")).as("already there").isTrue();
    }

    @Test
    void changingTheStorageClassOfAMissingBlobOrToAnUnknownClassFails() throws Exception {
        Sha256 digest = publish(bytes(10, 204));

        assertThatThrownBy(() -> store.changeStorageClass(sha256(new byte[] {1}), "COLDLINE"))
                .isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.changeStorageClass(digest, "FREEZER")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signedUrlsAreEmptyWhenDisabled() throws Exception {
        Sha256 digest = publish(bytes(10, 205));

        assertThat(store.signedUrl(digest, Duration.ofMinutes(5))).isEmpty();
        assertThat(store.backend()).isEqualTo("gcs");
    }
}
