package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each kind of event leaves in the read models, row by row: validity intervals of stages and
 * aliases that chain by position, the audit log with before and after, lineage rows, tombstones, and
 * search documents versioned by the position of the last event applied to them.
 */
class ProjectionContentTest extends RegistryIntegrationTest {

    private static final String REGISTERED = "dev.modelregistry.version.registered";
    private static final String TRANSITIONED = "dev.modelregistry.version.stage-transitioned";
    private static final String RESTORED = "dev.modelregistry.version.restored";
    private static final String DELETED = "dev.modelregistry.version.deleted";
    private static final String ASSIGNED = "dev.modelregistry.alias.assigned";
    private static final String REMOVED = "dev.modelregistry.alias.removed";

    @Test
    void everyKindOfEventLeavesItsRowsIntervalsAuditAndSearchDocuments() throws IOException {
        History history = variedHistory("content");
        String a = history.models().get(0);
        String b = history.models().get(1);
        String c = history.models().get(2);
        assertThat(getAt("/api/v1/search/versions?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        assertThat(getAt("/api/v1/audit?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        List<Map<String, Object>> audit = rows("select position, event_type, version, actor, reason, "
                + "before_state::text as before, after_state::text as after from read_model.audit_log "
                + "where model = ? order by position", a);
        assertThat(audit).extracting(row -> row.get("position")).containsExactlyElementsOf(
                storedEvents(a).keySet().stream().map(Object.class::cast).toList());
        assertThat(audit).allSatisfy(row -> assertThat(row.get("actor")).isEqualTo(ADMIN));

        // models: updated, deleted
        assertThat(rows("select description, tags::text as tags, latest_version, deleted_at is null as live, "
                + "last_position from read_model.model where name = ?", a)).singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("description", "updated").containsEntry("tags", "{\"team\": \"cards\"}")
                            .containsEntry("latest_version", 3).containsEntry("live", true);
                    assertThat(row.get("last_position")).isEqualTo(audit.getLast().get("position"));
                });
        assertThat(value("select deleted_at is not null from read_model.model where name = ?", c)).isEqualTo(true);

        // versions: stages, tombstones, lineage
        assertThat(rows("select model, version, stage, deleted_at is not null as deleted from read_model.model_version "
                + "where model in (?, ?, ?) order by model, version", a, b, c))
                .extracting(row -> row.get("model").equals(a) ? "a@" + row.get("version") + " " + row.get("stage")
                        + (Boolean.TRUE.equals(row.get("deleted")) ? " deleted" : "")
                        : (row.get("model").equals(b) ? "b@" : "c@") + row.get("version") + " " + row.get("stage")
                        + (Boolean.TRUE.equals(row.get("deleted")) ? " deleted" : ""))
                .containsExactly("a@1 None", "a@2 Production", "a@3 None deleted", "b@1 None", "b@2 None deleted",
                        "c@1 None deleted");
        assertThat(rows("select parent_model, parent_version from read_model.version_parent "
                + "where model = ? and version = 3 order by parent_model", a))
                .extracting(row -> row.get("parent_model") + "@" + row.get("parent_version"))
                .containsExactlyInAnyOrder(a + "@1", b + "@1");
        assertThat(rows("select sha256 from read_model.version_dataset where model = ? order by version", a))
                .extracting(row -> row.get("sha256")).containsExactly(DIGEST_B, DIGEST_B, DIGEST_B);

        // stage intervals of a@1 chain from event to event: None, Staging, Production, Archived, None
        List<Object> stageChanges = positions(audit, 1, REGISTERED, TRANSITIONED, RESTORED);
        List<Map<String, Object>> stages = rows("select stage, from_position, to_position from read_model.stage_history "
                + "where model = ? and version = 1 order by from_position", a);
        assertThat(stages).extracting(row -> row.get("stage"))
                .containsExactly("None", "Staging", "Production", "Archived", "None");
        assertThat(stages).extracting(row -> row.get("from_position")).containsExactlyElementsOf(stageChanges);
        List<Object> closedAt = new ArrayList<>(stageChanges.subList(1, stageChanges.size()));
        closedAt.add(null);
        assertThat(stages).extracting(row -> row.get("to_position")).containsExactlyElementsOf(closedAt);
        // a deleted version's interval ends with its deletion, a deleted model's versions with the model
        assertThat(value("select to_position from read_model.stage_history where model = ? and version = 3", a))
                .isEqualTo(positions(audit, 3, DELETED).getFirst());
        assertThat(value("select to_position from read_model.stage_history where model = ? and to_position is not null",
                c)).isEqualTo(storedEvents(c).keySet().stream().max(Long::compare).orElseThrow());

        // alias intervals: champion still on 1; challenger moved from 2 to 3, then removed with version 3
        List<Object> assigned = positions(audit, null, ASSIGNED);
        List<Object> removed = positions(audit, null, REMOVED);
        assertThat(rows("select alias, version, from_position, to_position from read_model.alias_history "
                + "where model = ? order by from_position", a))
                .extracting(row -> row.get("alias") + "->" + row.get("version") + " [" + row.get("from_position") + ", "
                        + row.get("to_position") + ")")
                .containsExactly("champion->1 [" + assigned.get(0) + ", null)",
                        "challenger->2 [" + assigned.get(1) + ", " + assigned.get(2) + ")",
                        "challenger->3 [" + assigned.get(2) + ", " + removed.getFirst() + ")");
        assertThat(value("select count(*) from read_model.alias_history where model = ? and to_position is null", b))
                .isEqualTo(0L);

        // the audit log says what changed
        Map<String, Object> update = audit.stream()
                .filter(row -> row.get("event_type").equals("dev.modelregistry.model.updated")).findFirst().orElseThrow();
        assertThat(JSON.readTree((String) update.get("before"))).isEqualTo(JSON.readTree(
                "{\"description\": \"test model\", \"tags\": {\"team\": \"fraud\"}}"));
        assertThat(JSON.readTree((String) update.get("after"))).isEqualTo(JSON.readTree(
                "{\"description\": \"updated\", \"tags\": {\"team\": \"cards\"}}"));
        Map<String, Object> promotion = row(audit, positions(audit, 1, TRANSITIONED).get(1));
        assertThat(promotion).containsEntry("reason", "canary");
        assertThat(JSON.readTree((String) promotion.get("before")).get("stage").asText()).isEqualTo("Staging");
        assertThat(JSON.readTree((String) promotion.get("after")).get("stage").asText()).isEqualTo("Production");
        Map<String, Object> move = row(audit, assigned.get(2));
        assertThat(JSON.readTree((String) move.get("before")).get("version").asInt()).isEqualTo(2);
        assertThat(JSON.readTree((String) move.get("after")).get("version").asInt()).isEqualTo(3);

        // search: live versions only, each document versioned by the last event applied to it
        Map<String, String> documents = searchDocuments(history.models());
        assertThat(documents.keySet()).containsExactly(a + "@1", a + "@2", b + "@1");
        documents.forEach((id, document) -> {
            JsonNode source = source(document);
            assertThat(version(document)).as(id).isEqualTo(source.get("position").asLong());
        });
        JsonNode one = source(documents.get(a + "@1"));
        assertThat(one.get("stage").asText()).isEqualTo("None");
        assertThat(one.get("aliases")).extracting(JsonNode::asText).containsExactly("champion");
        assertThat(version(documents.get(a + "@1"))).isEqualTo((Long) positions(audit, 1, RESTORED).getFirst());
        JsonNode two = source(documents.get(a + "@2"));
        assertThat(two.get("stage").asText()).isEqualTo("Production");
        assertThat(two.get("aliases")).isEmpty();
        assertThat(two.get("metrics").get("accuracy").asDouble()).isEqualTo(0.92);
        assertThat(source(documents.get(b + "@1")).get("aliases")).isEmpty();
    }

    /** Positions of the audit rows of {@code version} (any when null) with one of the types, in order. */
    private static List<Object> positions(List<Map<String, Object>> audit, Integer version, String... types) {
        return audit.stream()
                .filter(row -> version == null || version.equals(row.get("version")))
                .filter(row -> List.of(types).contains(row.get("event_type")))
                .map(row -> row.get("position")).toList();
    }

    private static Map<String, Object> row(List<Map<String, Object>> audit, Object position) {
        return audit.stream().filter(row -> row.get("position").equals(position)).findFirst().orElseThrow();
    }

    private static long version(String document) {
        return Long.parseLong(document.substring(0, document.indexOf(' ')));
    }

    private static JsonNode source(String document) {
        try {
            return JSON.readTree(document.substring(document.indexOf(' ') + 1));
        } catch (IOException e) {
            throw new AssertionError(document, e);
        }
    }
}
