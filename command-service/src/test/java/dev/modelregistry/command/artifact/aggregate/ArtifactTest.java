package dev.modelregistry.command.artifact.aggregate;

import dev.modelregistry.command.artifact.ArtifactError;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command and state of {@link Artifact}. No Spring, no database, no store. */
class ArtifactTest {

    static final String SHA = "ab".repeat(32);
    static final String OTHER = "cd".repeat(32);
    static final String ID = "sha256:" + SHA;

    private FixtureConfiguration<Artifact> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Artifact.class);
    }

    static StoreArtifact store() {
        return new StoreArtifact(SHA, 1234, "application/octet-stream", "model.pkl", "alice");
    }

    static ArtifactStored stored() {
        return new ArtifactStored(SHA, 1234, "application/octet-stream", "model.pkl", "alice");
    }

    static ArtifactCorruptionDetected corrupted() {
        return new ArtifactCorruptionDetected(SHA, 1234, OTHER, 1234L, "download");
    }

    static ArtifactDeleted deleted() {
        return new ArtifactDeleted(SHA, 1234, "unreferenced");
    }

    @Test
    void commands_address_the_aggregate_sha256_colon_digest() {
        org.assertj.core.api.Assertions.assertThat(store().artifactId()).isEqualTo(ID);
        org.assertj.core.api.Assertions.assertThat(new DeleteArtifact(SHA, "r").artifactId()).isEqualTo(ID);
    }

    @Nested
    class Storing {

        @Test
        void new_bytes_are_recorded_with_their_uploader_and_metadata() {
            fixture.givenNoPriorActivity()
                    .when(store())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(stored())
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void bytes_already_stored_and_intact_record_nothing() {
            fixture.given(stored())
                    .when(new StoreArtifact(SHA, 1234, "text/plain", "other-name.bin", "bob"))
                    .expectNoEvents()
                    .expectResultMessagePayload(ArtifactChange.UNCHANGED);
        }

        @Test
        void bytes_found_corrupted_are_stored_again() {
            fixture.given(stored(), corrupted())
                    .when(store())
                    .expectEvents(stored())
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void bytes_deleted_by_the_collector_are_stored_again() {
            fixture.given(stored(), deleted())
                    .when(new StoreArtifact(SHA, 1234, "application/x-onnx", null, "bob"))
                    .expectEvents(new ArtifactStored(SHA, 1234, "application/x-onnx", null, "bob"))
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void storing_again_returns_the_blob_to_the_default_storage_class() {
            fixture.given(stored(), new ArtifactStorageClassChanged(SHA, null, "COLDLINE"), deleted(), stored())
                    .when(new ChangeArtifactStorageClass(SHA, "STANDARD", "COLDLINE"))
                    .expectEvents(new ArtifactStorageClassChanged(SHA, "STANDARD", "COLDLINE"));
        }
    }

    @Nested
    class Corruption {

        @Test
        void a_stored_blob_found_corrupted_is_recorded_with_what_was_observed() {
            fixture.given(stored())
                    .when(new RecordArtifactCorruption(SHA, OTHER, 1234L, "download"))
                    .expectEvents(corrupted())
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void missing_bytes_are_recorded_without_an_observed_digest() {
            fixture.given(stored())
                    .when(new RecordArtifactCorruption(SHA, null, null, "scrub"))
                    .expectEvents(new ArtifactCorruptionDetected(SHA, 1234, null, null, "scrub"));
        }

        @Test
        void a_blob_already_known_to_be_corrupted_records_nothing_more() {
            fixture.given(stored(), corrupted())
                    .when(new RecordArtifactCorruption(SHA, "ef".repeat(32), 7L, "scrub"))
                    .expectNoEvents()
                    .expectResultMessagePayload(ArtifactChange.UNCHANGED);
        }

        @Test
        void a_deleted_blob_cannot_be_found_corrupted() {
            fixture.given(stored(), deleted())
                    .when(new RecordArtifactCorruption(SHA, OTHER, 1L, "download"))
                    .expectNoEvents()
                    .expectException(ArtifactError.ArtifactDeleted.class);
        }

        @Test
        void a_blob_never_stored_cannot_be_found_corrupted() {
            fixture.givenNoPriorActivity()
                    .when(new RecordArtifactCorruption(SHA, OTHER, 1L, "download"))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Deletion {

        @Test
        void a_stored_blob_is_deleted_with_its_size_and_reason() {
            fixture.given(stored())
                    .when(new DeleteArtifact(SHA, "unreferenced"))
                    .expectEvents(deleted())
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void a_corrupted_blob_can_be_deleted() {
            fixture.given(stored(), corrupted())
                    .when(new DeleteArtifact(SHA, "unreferenced"))
                    .expectEvents(deleted());
        }

        @Test
        void deleting_a_deleted_blob_records_nothing() {
            fixture.given(stored(), deleted())
                    .when(new DeleteArtifact(SHA, "again"))
                    .expectNoEvents()
                    .expectResultMessagePayload(ArtifactChange.UNCHANGED);
        }

        @Test
        void a_blob_never_stored_cannot_be_deleted() {
            fixture.givenNoPriorActivity()
                    .when(new DeleteArtifact(SHA, "unreferenced"))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class StorageClass {

        @Test
        void a_move_records_the_class_the_backend_reported_and_the_new_one() {
            fixture.given(stored())
                    .when(new ChangeArtifactStorageClass(SHA, "STANDARD", "COLDLINE"))
                    .expectEvents(new ArtifactStorageClassChanged(SHA, "STANDARD", "COLDLINE"))
                    .expectResultMessagePayload(ArtifactChange.RECORDED);
        }

        @Test
        void without_a_reported_class_the_last_recorded_one_is_the_origin() {
            fixture.given(stored(), new ArtifactStorageClassChanged(SHA, "STANDARD", "NEARLINE"))
                    .when(new ChangeArtifactStorageClass(SHA, null, "COLDLINE"))
                    .expectEvents(new ArtifactStorageClassChanged(SHA, "NEARLINE", "COLDLINE"));
        }

        @Test
        void moving_to_the_class_it_has_records_nothing() {
            fixture.given(stored(), new ArtifactStorageClassChanged(SHA, "STANDARD", "COLDLINE"))
                    .when(new ChangeArtifactStorageClass(SHA, "COLDLINE", "COLDLINE"))
                    .expectNoEvents()
                    .expectResultMessagePayload(ArtifactChange.UNCHANGED);
        }

        @Test
        void a_deleted_blob_cannot_move() {
            fixture.given(stored(), deleted())
                    .when(new ChangeArtifactStorageClass(SHA, "STANDARD", "COLDLINE"))
                    .expectNoEvents()
                    .expectException(ArtifactError.ArtifactDeleted.class);
        }
    }
}
