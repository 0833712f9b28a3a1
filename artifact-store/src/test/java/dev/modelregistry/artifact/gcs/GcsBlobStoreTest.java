package dev.modelregistry.artifact.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.modelregistry.artifact.InvalidArtifactPathException;
import dev.modelregistry.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract on Google's {@code LocalStorageHelper} (google-cloud-nio): an in-memory fake of the
 * Cloud Storage service behind the real client library, not Cloud Storage itself. The same contract
 * runs against a real bucket in {@link GcsBlobStoreRealBucketTest}.
 */
class GcsBlobStoreTest extends GcsBlobStoreContract {

    @Override
    protected void connect() {
        // getOptions() also empties the fake, which is one per JVM
        storage = SerialisedStorage.wrap(LocalStorageHelper.getOptions().getService());
        bucket = "registry-test-bucket";
        prefix = "registry/";
    }

    @Test
    void signedUrlsAreEmptyWhenTheCredentialsCannotSign() throws Exception {
        GcsBlobStore signing = new GcsBlobStore(storage, bucket, prefix, true);
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(bytes(10, 206)), NO_LIMIT)).digest();

        assertThat(signing.signedUrl(digest, Duration.ofMinutes(5))).isEmpty();
        assertThat(signing.signedUrl(digest, Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void signedUrlsAreV4GetUrlsForTheBlobWhenTheCredentialsCanSign() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ServiceAccountCredentials serviceAccount = ServiceAccountCredentials.newBuilder()
                .setClientEmail("registry@test-project.iam.gserviceaccount.com")
                .setPrivateKey(generator.generateKeyPair().getPrivate())
                .setProjectId("test-project")
                .build();
        // signing happens in the client with the key; the fake service stays behind it
        Storage signingStorage = LocalStorageHelper.getOptions().toBuilder().setCredentials(serviceAccount).build().getService();
        GcsBlobStore signing = new GcsBlobStore(signingStorage, bucket, prefix, true);
        Sha256 digest = sha256(bytes(10, 207));

        URI url = signing.signedUrl(digest, Duration.ofMinutes(5)).orElseThrow();

        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getPath()).isEqualTo("/" + bucket + "/" + prefix + "blobs/sha256/" + digest.hex());
        assertThat(url.getQuery())
                .contains("X-Goog-Algorithm=GOOG4-RSA-SHA256")
                .contains("X-Goog-Expires=300")
                .contains("X-Goog-Signature=");
    }

    @Test
    void thePrefixFollowsThePathRules() {
        assertThat(GcsBlobStore.normalisePrefix("")).isEmpty();
        assertThat(GcsBlobStore.normalisePrefix(null)).isEmpty();
        assertThat(GcsBlobStore.normalisePrefix("registry")).isEqualTo("registry/");
        assertThat(GcsBlobStore.normalisePrefix("teams/ml/registry/")).isEqualTo("teams/ml/registry/");
        for (String bad : List.of("/abs", "../up", "a//b", "a\\b", "a/./b", "a\u0000", "/")) {
            assertThatThrownBy(() -> GcsBlobStore.normalisePrefix(bad)).as(bad).isInstanceOf(InvalidArtifactPathException.class);
        }
    }

    @Test
    void bucketNamesAreChecked() {
        for (String bad : List.of("", "A", "Upper-Case", "../x", "a/b", "-leading")) {
            assertThatThrownBy(() -> new GcsBlobStore(storage, bad, "", false)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new GcsBlobStore(storage, "my-bucket.example", "", false).bucket()).isEqualTo("my-bucket.example");
    }
}
