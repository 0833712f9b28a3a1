package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable;
import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable.FileProblem;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.events.model.ManifestFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check of a new version's files against the artifact store, and the manifest it stores. */
class VersionManifestsTest {

    static final String MODEL_SHA = "1".repeat(64);
    static final String CONDA_SHA = "2".repeat(64);
    static final String CARD_SHA = "3".repeat(64);
    static final String UNKNOWN_SHA = "4".repeat(64);

    private final InMemoryArtifactCatalog catalog = new InMemoryArtifactCatalog()
            .hold(MODEL_SHA, 1_000).hold(CONDA_SHA, 20).hold(CARD_SHA, 300);
    private final VersionManifests manifests = new VersionManifests(catalog);

    static VersionDraft draft(String sourceUri, DeclaredFile... files) {
        return new VersionDraft("fraud.scorer", sourceUri, List.of(files), "sklearn", "1.5", Map.of("depth", "6"),
                Map.of("auc", 0.9), "d", Map.of(), RegisteredModelTest.LINEAGE);
    }

    @Test
    void the_command_carries_the_manifest_sorted_by_path_with_the_held_sizes_and_the_manifest_digest() {
        RegisterVersion command = manifests.prepare(draft("s3://bucket/run-7/",
                new DeclaredFile("model.pkl", MODEL_SHA, 1_000L, "files[0]"),
                new DeclaredFile("conda.yaml", CONDA_SHA, null, "files[1]"),
                new DeclaredFile("docs/card.md", CARD_SHA, null, "files[2]")), "alice");

        List<ManifestFile> expected = List.of(new ManifestFile("conda.yaml", CONDA_SHA, 20L),
                new ManifestFile("docs/card.md", CARD_SHA, 300L), new ManifestFile("model.pkl", MODEL_SHA, 1_000L));
        assertThat(command.files()).containsExactlyElementsOf(expected);
        assertThat(catalog.storedManifests).containsExactly(expected);
        assertThat(catalog.manifestActors).containsExactly("alice");
        assertThat(command.artifact().uri()).isEqualTo("s3://bucket/run-7/");
        assertThat(command.artifact().sha256()).matches("[0-9a-f]{64}")
                .isNotIn(MODEL_SHA, CONDA_SHA, CARD_SHA);
        assertThat(command.lineageHash()).isEqualTo(LineageHash.of(command.lineage(), command.params()));
        assertThat(command.model()).isEqualTo("fraud.scorer");
    }

    @Test
    void each_digest_is_looked_up_once_in_one_query() {
        manifests.prepare(draft(null, new DeclaredFile("a", MODEL_SHA, null, "files[0]"),
                new DeclaredFile("b", MODEL_SHA, null, "files[1]")), "alice");
        assertThat(catalog.lookups).containsExactly(List.of(MODEL_SHA));
    }

    @Test
    void with_every_size_declared_one_query_finds_the_files_and_their_held_manifest_which_is_not_stored_again() {
        DeclaredFile model = new DeclaredFile("model.pkl", MODEL_SHA, 1_000L, "files[0]");
        DeclaredFile conda = new DeclaredFile("conda.yaml", CONDA_SHA, 20L, "files[1]");
        String manifest = manifests.prepare(draft(null, model, conda), "alice").artifact().sha256();
        catalog.lookups.clear();

        RegisterVersion again = manifests.prepare(draft(null, conda, model), "bob");

        assertThat(again.artifact().sha256()).isEqualTo(manifest);
        assertThat(catalog.lookups).singleElement().satisfies(lookup ->
                assertThat(lookup).containsExactlyInAnyOrder(MODEL_SHA, CONDA_SHA, manifest));
        assertThat(catalog.manifestActors).containsExactly("alice");

        // a manifest found corrupted is stored afresh
        catalog.holdCorrupted(manifest, 10);
        assertThat(manifests.prepare(draft(null, model, conda), "carol").artifact().sha256()).isEqualTo(manifest);
        assertThat(catalog.manifestActors).containsExactly("alice", "carol");
    }

    @Test
    void the_same_files_make_the_same_manifest_whatever_their_order() {
        RegisterVersion first = manifests.prepare(draft(null, new DeclaredFile("a", MODEL_SHA, null, "files[0]"),
                new DeclaredFile("b", CONDA_SHA, null, "files[1]")), "alice");
        RegisterVersion second = manifests.prepare(draft("s3://elsewhere", new DeclaredFile("b", CONDA_SHA, 20L,
                "files[0]"), new DeclaredFile("a", MODEL_SHA, null, "files[1]")), "bob");
        assertThat(second.artifact().sha256()).isEqualTo(first.artifact().sha256());
    }

    @Test
    void every_file_the_store_cannot_back_is_refused_in_request_order_and_nothing_is_stored() {
        catalog.holdCorrupted(CARD_SHA, 300);
        ArtifactsUnavailable refused = catchThrowableOfType(ArtifactsUnavailable.class, () -> manifests.prepare(
                draft(null, new DeclaredFile("model.pkl", MODEL_SHA, 999L, "files[0]"),
                        new DeclaredFile("conda.yaml", CONDA_SHA, 20L, "files[1]"),
                        new DeclaredFile("weights.bin", UNKNOWN_SHA, null, "files[2]"),
                        new DeclaredFile("card.md", CARD_SHA, null, "files[3]")), "alice"));

        assertThat(refused.problems()).extracting(FileProblem::field, p -> p.reason().code()).containsExactly(
                tuple("files[0].size", "artifact_size_mismatch"),
                tuple("files[2].sha256", "artifact_not_found"),
                tuple("files[3].sha256", "artifact_corrupted"));
        assertThat(refused.code()).isEqualTo("artifact_size_mismatch");
        assertThat(refused.field()).isEqualTo("files[0].size");
        assertThat(refused.getMessage()).contains(MODEL_SHA).contains("999").contains("1000")
                .contains("2 more");
        assertThat(refused.problems().get(1).detail()).contains(UNKNOWN_SHA);
        assertThat(catalog.storedManifests).isEmpty();
    }

    @Test
    void the_one_file_form_names_the_artifact_digest_when_it_is_not_held() {
        ArtifactsUnavailable refused = catchThrowableOfType(ArtifactsUnavailable.class, () -> manifests.prepare(
                draft("file:///models/x", new DeclaredFile("model", UNKNOWN_SHA, null, "artifact")), "alice"));
        assertThat(refused.code()).isEqualTo("artifact_not_found");
        assertThat(refused.field()).isEqualTo("artifact.sha256");
    }

    @Test
    void a_zero_byte_file_is_a_file() {
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        catalog.hold(empty, 0);
        RegisterVersion command = manifests.prepare(draft(null, new DeclaredFile("EMPTY", empty, 0L, "files[0]")),
                "alice");
        assertThat(command.files()).containsExactly(new ManifestFile("EMPTY", empty, 0L));
    }
}
