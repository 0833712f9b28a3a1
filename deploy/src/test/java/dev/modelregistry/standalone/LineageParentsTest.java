package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Parents of other models must exist when a version names them: a version never registered is 422
 * unknown_parent, a deleted one (or one of a deleted model) 422 parent_deleted, each naming the parent's
 * field; a parent in a namespace the caller may not read is 403 before anything about it is told; an
 * existing parent is accepted and is the child's lineage. The command side keeps the registered versions
 * in event_store.registered_version, in the transaction of their events.
 */
class LineageParentsTest extends RegistryIntegrationTest {

    @Test
    void parentsOfOtherModelsMustBeRegisteredAndLive() {
        String namespace = ensureNamespace("lp" + UUID.randomUUID().toString().substring(0, 8));
        String child = registerModel(uniqueName(namespace + ".ensemble"));
        String parent = registerModel(uniqueName(namespace + ".member"));
        String gone = registerModel(uniqueName(namespace + ".gone"));
        created(registerVersion(parent, 0.9));
        created(registerVersion(parent, 0.91));
        created(registerVersion(gone, 0.8));
        assertThat(delete("/api/v1/models/" + parent + "/versions/2").status()).isEqualTo(204);
        assertThat(delete("/api/v1/models/" + gone).status()).isEqualTo(204);
        assertThat(rows("select version, deleted from event_store.registered_version where model = ? order by version",
                parent).toString()).isEqualTo("[{version=1, deleted=false}, {version=2, deleted=true}]");
        long before = lastEventPosition();

        assertProblem(register(child, parent + "@1", parent + "@3"), 422, "unknown_parent", "lineage.parents[1]");
        assertProblem(register(child, "no-such-model@1"), 422, "unknown_parent", "lineage.parents[0]");
        assertProblem(register(child, parent + "@2"), 422, "parent_deleted", "lineage.parents[0]");
        assertProblem(register(child, parent + "@1", gone + "@1"), 422, "parent_deleted", "lineage.parents[1]");
        assertThat(lastEventPosition()).as("nothing was written").isEqualTo(before);

        Answer accepted = created(register(child, parent + "@1"));
        JsonNode graph = ok(getAt("/api/v1/lineage/version:" + child + "@1?direction=upstream&depth=1",
                accepted.position())).json();
        assertThat(graph.get("edges").toString()).contains("{\"from\":\"version:" + parent + "@1\",\"to\":\"version:"
                + child + "@1\",\"type\":\"parent\"}");
        // a parent of the same model is still the aggregate's to check
        created(register(child, child + "@1", parent + "@1"));
        assertProblem(register(child, child + "@3"), 409, "lineage_cycle", "lineage.parents");
    }

    @Test
    void aParentInANamespaceTheCallerMayNotReadIsForbiddenWhetherOrNotItExists() {
        String namespaceA = ensureNamespace("pa" + UUID.randomUUID().toString().substring(0, 8));
        String namespaceB = ensureNamespace("pb" + UUID.randomUUID().toString().substring(0, 8));
        String child = registerModel(uniqueName(namespaceA + ".child"));
        String hidden = registerModel(uniqueName(namespaceB + ".hidden"));
        created(registerVersion(hidden, 0.7));
        TestUser user = createUser("pp");
        grant(user.username(), namespaceA, "contributor");
        String contributorOfA = login(user.username(), user.password());

        for (String parent : new String[] {hidden + "@1", hidden + "@9"}) {
            Answer refused = as(contributorOfA).post("/api/v1/models/" + child + "/versions",
                    versionBody(child, 0.5).replace("\"run_id\":\"run-1\"", "\"parents\":[\"" + parent + "\"]"));
            assertProblem(refused, 403, "forbidden", null);
            assertThat(refused.json().get("permission").asText()).isEqualTo("read");
            assertThat(refused.json().get("namespace").asText()).isEqualTo(namespaceB);
        }
        assertThat(storedEvents(child)).as("only the model's registration").hasSize(1);
    }

    private Answer register(String model, String... parents) {
        String list = String.join("\",\"", parents);
        return post("/api/v1/models/" + model + "/versions",
                versionBody(model, 0.5).replace("\"run_id\":\"run-1\"", "\"parents\":[\"" + list + "\"]"));
    }
}
