package dev.modelregistry.artifact;

import com.google.cloud.storage.StorageOptions;
import dev.modelregistry.artifact.gcs.GcsBlobStore;
import dev.modelregistry.artifact.local.LocalBlobStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link BlobStore} of the process, from {@link ArtifactStoreProperties}, and its health
 * ({@code /actuator/health} component {@code artifactStore}). Command and query side both
 * {@code @Import} this class; in one context (the standalone registry) Spring registers an imported
 * configuration once, so there is still one store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactStoreProperties.class)
public class ArtifactStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStoreConfiguration.class);

    /** A GCS store is closed with the context (it closes its client); a local one holds nothing open. */
    @Bean
    BlobStore blobStore(ArtifactStoreProperties properties, Environment environment) throws IOException {
        return switch (properties.backend()) {
            case LOCAL -> {
                LocalBlobStore store = new LocalBlobStore(properties.local().rootOr(environment.getProperty(
                        ArtifactStoreProperties.DATA_DIR_PROPERTY, ArtifactStoreProperties.DEFAULT_DATA_DIR)));
                log.info("Artifact store: local file system under {}", store.root());
                yield store;
            }
            case GCS -> {
                ArtifactStoreProperties.Gcs gcs = properties.gcs();
                // credentials the standard way: Application Default Credentials, never a setting here
                StorageOptions.Builder options = StorageOptions.newBuilder();
                if (gcs.projectId() != null && !gcs.projectId().isBlank()) {
                    options.setProjectId(gcs.projectId());
                }
                GcsBlobStore store = new GcsBlobStore(options.build().getService(), gcs.bucket(), gcs.prefix(), gcs.signedUrls());
                log.info("Artifact store: Cloud Storage bucket {} under prefix '{}'", store.bucket(), store.prefix());
                yield store;
            }
        };
    }

    @Bean
    HealthIndicator artifactStoreHealthIndicator(BlobStore blobStore) {
        return new ArtifactStoreHealthIndicator(blobStore);
    }
}
