package dev.modelregistry.artifact.gcs;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.StorageOptions;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same contract against a real Cloud Storage bucket. Runs only when
 * {@code REGISTRY_TEST_GCS_BUCKET} names a bucket the Application Default Credentials can write to
 * ({@code gcloud auth application-default login}, or {@code GOOGLE_APPLICATION_CREDENTIALS});
 * {@code REGISTRY_TEST_GCS_PROJECT} optionally sets the project. Every test works under its own
 * prefix {@code registry-contract-test/<uuid>/} and deletes it afterwards.
 *
 * <pre>REGISTRY_TEST_GCS_BUCKET=my-bucket ./mvnw -B -q -o -pl artifact-store test -Dtest=GcsBlobStoreRealBucketTest</pre>
 */
@EnabledIfEnvironmentVariable(named = "REGISTRY_TEST_GCS_BUCKET", matches = ".+",
        disabledReason = "no real bucket configured (set REGISTRY_TEST_GCS_BUCKET); the fake-backed GcsBlobStoreTest always runs")
class GcsBlobStoreRealBucketTest extends GcsBlobStoreContract {

    @Override
    protected void connect() {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        String project = System.getenv("REGISTRY_TEST_GCS_PROJECT");
        if (project != null && !project.isBlank()) {
            options.setProjectId(project);
        }
        storage = options.build().getService();
        bucket = System.getenv("REGISTRY_TEST_GCS_BUCKET");
        prefix = "registry-contract-test/" + UUID.randomUUID() + "/";
    }

    @Override
    protected void closeStore() throws Exception {
        for (String name : names()) {
            storage.delete(BlobId.of(bucket, name));
        }
        storage.close();
    }
}
