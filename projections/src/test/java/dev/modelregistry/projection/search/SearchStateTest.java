package dev.modelregistry.projection.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.TestEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchStateTest {

    private final TestEvents events = new TestEvents();
    private final SearchState state = new SearchState();

    private IncomingEvent incoming(EventEnvelope envelope) {
        return IncomingEvent.of(envelope, 0, envelope.position());
    }

    private int apply(ModelEvent event) {
        return state.apply(incoming(events.next(event)));
    }

    @Test
    void registeredVersionBecomesADocumentOfTheIndexContract() throws Exception {
        VersionRegistered registered = TestEvents.version("fraud", 2, new VersionReference("base", 7));
        Map<String, Double> metrics = new HashMap<>(registered.metrics());
        metrics.put("loss", Double.NaN);
        registered = new VersionRegistered(registered.model(), registered.version(), registered.artifact(),
                registered.files(), registered.framework(), registered.frameworkVersion(), registered.params(), metrics,
                registered.description(), registered.tags(), registered.lineage(), registered.lineageHash());
        state.loaded("fraud@2", null, 0);
        assertThat(state.apply(incoming(events.next(registered, "carol")))).isEqualTo(1);

        VersionDocument doc = state.docs.get("fraud@2").document;
        JsonNode json = SearchIndex.JSON.valueToTree(doc);
        assertThat(json.get("id").asText()).isEqualTo("fraud@2");
        assertThat(json.get("model").asText()).isEqualTo("fraud");
        assertThat(json.get("version").asInt()).isEqualTo(2);
        assertThat(json.get("stage").asText()).isEqualTo("None");
        assertThat(json.get("aliases")).isEmpty();
        assertThat(json.get("framework").asText()).isEqualTo("sklearn");
        assertThat(json.get("framework_version").asText()).isEqualTo("1.5.2");
        assertThat(json.get("tags").get("team").asText()).isEqualTo("fraud");
        assertThat(json.get("params").get("max_depth").asText()).isEqualTo("8");
        assertThat(json.get("metrics").get("accuracy").isDouble()).isTrue();
        assertThat(json.get("metrics").has("loss")).as("NaN cannot be indexed").isFalse();
        assertThat(json.get("artifact_uri").asText()).isEqualTo("file:///artifacts/fraud/2");
        assertThat(json.get("artifact_sha256").asText()).hasSize(64);
        assertThat(json.get("code_commit").asText()).isEqualTo("c0ffee2");
        assertThat(json.get("feature_graph_hash").asText()).isEqualTo("fg-2");
        assertThat(json.get("run_id").asText()).isEqualTo("run-2");
        assertThat(json.get("lineage_hash").asText()).isEqualTo("lh-fraud-2");
        assertThat(json.get("data_from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.get("data_to").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(json.get("dataset_names")).extracting(JsonNode::asText).containsExactly("transactions", "labels");
        assertThat(json.get("dataset_digests")).hasSize(2);
        assertThat(json.get("parents")).extracting(JsonNode::asText).containsExactly("base@7");
        assertThat(json.get("file_paths")).extracting(JsonNode::asText).containsExactly("conda.yaml", "model.pkl");
        assertThat(json.get("file_digests")).extracting(JsonNode::asText).containsExactly("e".repeat(64), "d".repeat(64));
        assertThat(json.get("created_at").asText()).isEqualTo(TestEvents.time(1).toString());
        assertThat(json.get("created_by").asText()).isEqualTo("carol");
        assertThat(json.get("position").asLong()).isEqualTo(1);

        // and reads back from the index source
        VersionDocument back = SearchIndex.JSON.treeToValue(json, VersionDocument.class);
        assertThat(back).isEqualTo(doc);
    }

    @Test
    void stageChangesAndAliasMovesRewriteTheDocumentsWithTheirPosition() {
        apply(TestEvents.version("fraud", 1));                                                    // 1
        apply(TestEvents.version("fraud", 2));                                                    // 2
        apply(new AliasAssigned("fraud", "champion", 1, null));                                   // 3
        apply(new VersionStageTransitioned("fraud", 2, Stage.NONE, Stage.PRODUCTION));            // 4
        apply(new AliasAssigned("fraud", "champion", 2, 1));                                      // 5
        apply(new AliasAssigned("fraud", "challenger", 2, null));                                 // 6

        VersionDocument one = state.docs.get("fraud@1").document;
        VersionDocument two = state.docs.get("fraud@2").document;
        assertThat(one.aliases()).isEmpty();
        assertThat(one.position()).isEqualTo(5);
        assertThat(two.aliases()).containsExactly("challenger", "champion");
        assertThat(two.stage()).isEqualTo("Production");
        assertThat(two.position()).isEqualTo(6);
        assertThat(state.changes()).extracting(d -> d.id, d -> d.version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fraud@1", 5L),
                        org.assertj.core.groups.Tuple.tuple("fraud@2", 6L));

        apply(new AliasRemoved("fraud", "champion", 2));                                          // 7
        assertThat(state.docs.get("fraud@2").document.aliases()).containsExactly("challenger");
    }

    @Test
    void anEventNotNewerThanTheDocumentChangesNothing() {
        VersionDocument indexed = VersionDocument.registered(TestEvents.version("fraud", 1), TestEvents.T0, "a", 10)
                .withStage("Staging", 10);
        state.loaded("fraud@1", indexed, 10);
        TestEvents old = new TestEvents(4);
        assertThat(state.apply(incoming(old.next(new VersionStageTransitioned("fraud", 1, Stage.NONE, Stage.ARCHIVED)))))
                .isZero();
        assertThat(state.changes()).isEmpty();
    }

    @Test
    void deletesUseTheDeletingEventsPositionAndModelDeletionReachesEveryDocument() {
        state.loaded("fraud@1", VersionDocument.registered(TestEvents.version("fraud", 1), TestEvents.T0, "a", 1), 1);
        state.documentsOfModel.put("fraud", Set.of("fraud@1", "fraud@5"));
        TestEvents later = new TestEvents(10);
        state.apply(incoming(later.next(TestEvents.version("fraud", 6))));                     // 11
        state.apply(incoming(later.next(new VersionDeleted("fraud", 1))));                     // 12
        state.apply(incoming(later.next(new ModelDeleted("fraud"))));                          // 13

        assertThat(state.changes()).extracting(d -> d.id, d -> d.deleted, d -> d.version)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("fraud@1", true, 12L),
                        org.assertj.core.groups.Tuple.tuple("fraud@6", true, 13L),
                        org.assertj.core.groups.Tuple.tuple("fraud@5", true, 13L));
    }

    @Test
    void affectedIdsOfAnAliasMoveAreBothVersions() {
        assertThat(SearchState.affectedIds(new AliasAssigned("m", "a", 3, 2))).containsExactly("m@3", "m@2");
        assertThat(SearchState.affectedIds(new AliasAssigned("m", "a", 3, null))).containsExactly("m@3");
        assertThat(SearchState.affectedIds(new ModelDeleted("m"))).isEmpty();
        assertThat(SearchState.modelsToList(List.of(incoming(events.next(new ModelDeleted("m")))))).containsExactly("m");
    }

    @Test
    void artifactEventsChangeNoDocument() {
        String digest = "d".repeat(64);
        state.loaded("fraud@1", VersionDocument.registered(TestEvents.version("fraud", 1), TestEvents.T0, "a", 1), 1);
        TestEvents later = new TestEvents(10);
        for (var event : List.of(new ArtifactStored(digest, 1234, "application/octet-stream", "model.pkl", "alice"),
                new ArtifactCorruptionDetected(digest, 1234, "0".repeat(64), 1234L, "download"),
                new ArtifactStorageClassChanged(digest, "STANDARD", "COLDLINE"),
                new ArtifactDeleted(digest, 1234, "unreferenced"))) {
            assertThat(SearchState.affectedIds(event)).isEmpty();
            assertThat(state.apply(incoming(later.next(event)))).isZero();
        }
        assertThat(state.changes()).isEmpty();
    }
}
