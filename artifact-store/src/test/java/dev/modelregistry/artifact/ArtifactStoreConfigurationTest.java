package dev.modelregistry.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.artifact.gcs.GcsBlobStore;
import dev.modelregistry.artifact.local.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

class ArtifactStoreConfigurationTest {

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ArtifactStoreConfiguration.class);

    @Test
    void theDefaultsAreALocalStoreUnderTheDataDirectoryAndTheDocumentedLimits() {
        runner.withPropertyValues("registry.data-dir=" + temp).run(context -> {
            assertThat(context).hasNotFailed();
            Path expectedRoot = temp.resolve("artifacts").toRealPath();
            assertThat(context.getBean(BlobStore.class)).isInstanceOfSatisfying(LocalBlobStore.class,
                    store -> assertThat(store.root()).isEqualTo(expectedRoot));
            ArtifactStoreProperties properties = context.getBean(ArtifactStoreProperties.class);
            assertThat(properties.backend()).isEqualTo(ArtifactStoreProperties.Backend.LOCAL);
            assertThat(properties.maxUploadSize()).isEqualTo(DataSize.ofGigabytes(10));
            assertThat(properties.maxPartSize()).isEqualTo(DataSize.ofMegabytes(512));
            assertThat(properties.verifyOnRead()).isTrue();
            assertThat(properties.gcs().signedUrls()).isFalse();
            assertThat(properties.gcs().signedUrlTtl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.gcs().prefix()).isEmpty();
        });
    }

    @Test
    void withoutADataDirectoryTheRootIsDataArtifactsLikeTheStandaloneLauncher() {
        ArtifactStoreProperties.Local local = new ArtifactStoreProperties.Local(null);

        assertThat(local.rootOr(ArtifactStoreProperties.DEFAULT_DATA_DIR)).isEqualTo(Path.of("data", "artifacts"));
    }

    @Test
    void anExplicitLocalRootWins() {
        Path root = temp.resolve("elsewhere");
        runner.withPropertyValues("registry.data-dir=" + temp.resolve("data"), "registry.artifacts.local.root=" + root,
                "registry.artifacts.max-upload-size=2GB", "registry.artifacts.max-part-size=64MB",
                "registry.artifacts.verify-on-read=false").run(context -> {
            assertThat(((LocalBlobStore) context.getBean(BlobStore.class)).root()).isEqualTo(root.toRealPath());
            assertThat(Files.exists(temp.resolve("data"))).isFalse();
            ArtifactStoreProperties properties = context.getBean(ArtifactStoreProperties.class);
            assertThat(properties.maxUploadSize()).isEqualTo(DataSize.ofGigabytes(2));
            assertThat(properties.maxPartSize()).isEqualTo(DataSize.ofMegabytes(64));
            assertThat(properties.verifyOnRead()).isFalse();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ArtifactStoreConfiguration.class)
    static class CommandSide {
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ArtifactStoreConfiguration.class)
    static class QuerySide {
    }

    @Test
    void importingFromBothSidesInOneContextMakesOneStore() {
        new ApplicationContextRunner().withUserConfiguration(CommandSide.class, QuerySide.class)
                .withPropertyValues("registry.data-dir=" + temp)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(BlobStore.class);
                    assertThat(context).hasSingleBean(ArtifactStoreProperties.class);
                    assertThat(context.getBeansOfType(HealthIndicator.class)).containsOnlyKeys("artifactStoreHealthIndicator");
                });
    }

    @Test
    void theHealthIsUpForAWritableStoreAndDownWhenItLosesADirectory() {
        runner.withPropertyValues("registry.data-dir=" + temp).run(context -> {
            HealthIndicator health = context.getBean("artifactStoreHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("backend", "local");

            Files.delete(temp.resolve("artifacts/staging"));

            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsKey("error");
        });
    }

    @Test
    void theGcsBackendUsesTheConfiguredBucketAndPrefix() {
        runner.withPropertyValues("registry.artifacts.backend=gcs", "registry.artifacts.gcs.bucket=models-bucket",
                "registry.artifacts.gcs.prefix=registry/prod", "registry.artifacts.gcs.project-id=test-project",
                "registry.artifacts.gcs.signed-urls=true", "registry.artifacts.gcs.signed-url-ttl=10m").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BlobStore.class)).isInstanceOfSatisfying(GcsBlobStore.class, store -> {
                assertThat(store.bucket()).isEqualTo("models-bucket");
                assertThat(store.prefix()).isEqualTo("registry/prod/");
            });
            assertThat(context.getBean(ArtifactStoreProperties.class).gcs().signedUrlTtl()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void badSettingsStopTheStart() {
        runner.withPropertyValues("registry.data-dir=" + temp, "registry.artifacts.backend=gcs")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("registry.artifacts.gcs.bucket is required"));
        runner.withPropertyValues("registry.data-dir=" + temp, "registry.artifacts.max-part-size=20GB")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("max-part-size"));
        runner.withPropertyValues("registry.data-dir=" + temp, "registry.artifacts.gcs.signed-url-ttl=8d")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("signed-url-ttl"));
        runner.withPropertyValues("registry.artifacts.backend=gcs", "registry.artifacts.gcs.bucket=ok-bucket",
                        "registry.artifacts.gcs.prefix=../escape", "registry.artifacts.gcs.project-id=p")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().isInstanceOf(InvalidArtifactPathException.class));
        runner.withPropertyValues("registry.artifacts.backend=s3")
                .run(context -> assertThat(context).hasFailed());
    }
}
