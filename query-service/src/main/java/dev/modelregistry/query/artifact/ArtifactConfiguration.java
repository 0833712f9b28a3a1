package dev.modelregistry.query.artifact;

import dev.modelregistry.artifact.ArtifactStoreProperties;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.CorruptionReports;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArtifactConfiguration {

    /** {@code CorruptionReports} is the command side's: present in the standalone application, absent alone. */
    @Bean
    ArtifactDownloads queryArtifactDownloads(BlobStore store, ArtifactQueries queries,
                                             ObjectProvider<CorruptionReports> reports,
                                             ArtifactStoreProperties properties) {
        return new ArtifactDownloads(store, queries, reports, properties);
    }
}
