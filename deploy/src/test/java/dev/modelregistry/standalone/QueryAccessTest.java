package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The query side authorizes from its own access read model: a viewer of one namespace neither reads nor
 * lists nor finds another namespace's models; a global auditor reads them all; the access reads answer
 * who holds what.
 */
class QueryAccessTest extends RegistryIntegrationTest {

    @Test
    void viewerOfOneNamespaceCannotReadOrListAnotherWhileAnAuditorReadsAll() {
        String a = ensureNamespace("qa" + UUID.randomUUID().toString().substring(0, 8));
        String b = ensureNamespace("qb" + UUID.randomUUID().toString().substring(0, 8));
        String modelA = registerModel(a + ".scorer");
        String modelB = registerModel(b + ".scorer");
        promotedVersion(modelA);
        long last = promotedVersion(modelB);
        String viewer = userWith(a, "viewer");
        String auditor = auditor();
        awaitProjected(last);
        Caller asViewer = as(viewer);

        assertThat(asViewer.getAt("/api/v1/models/" + modelA, last).status()).isEqualTo(200);
        Answer refused = asViewer.get("/api/v1/models/" + modelB);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(refused.json().get("namespace").asText()).isEqualTo(b);
        assertThat(asViewer.get("/api/v1/models/" + modelB + "/versions/1").status()).isEqualTo(403);
        assertThat(asViewer.get("/api/v1/models/" + modelB + "/aliases").status()).isEqualTo(403);

        assertThat(names(asViewer.get("/api/v1/models?page_size=1000").json(), "name"))
                .contains(modelA).doesNotContain(modelB).allMatch(name -> name.startsWith(a + "."));
        assertThat(names(asViewer.get("/api/v1/production?page_size=1000").json(), "model"))
                .contains(modelA).doesNotContain(modelB);
        String filter = URLEncoder.encode("model = '" + modelB + "' OR model = '" + modelA + "'", StandardCharsets.UTF_8);
        assertThat(names(asViewer.getAt("/api/v1/search/versions?filter=" + filter, last).json(), "model"))
                .containsOnly(modelA);
        assertThat(names(asViewer.get("/api/v1/admin/namespaces?page_size=1000").json(), "namespace"))
                .contains(a).doesNotContain(b);

        JsonNode me = asViewer.get("/api/v1/auth/me").json();
        assertThat(me.at("/namespaces/" + a).toString()).isEqualTo("[\"viewer\"]");
        assertThat(me.get("global_roles")).isEmpty();
        assertThat(asViewer.get("/api/v1/admin/users").status()).isEqualTo(403);
        assertThat(asViewer.get("/api/v1/admin/namespaces/" + b).status()).isEqualTo(403);
        assertThat(asViewer.get("/api/v1/admin/namespaces/" + a).json().get("grants").toString()).contains("viewer");

        Caller asAuditor = as(auditor);
        assertThat(asAuditor.get("/api/v1/models/" + modelB).status()).isEqualTo(200);
        assertThat(names(asAuditor.get("/api/v1/models?page_size=1000").json(), "name")).contains(modelA, modelB);
        assertThat(names(asAuditor.get("/api/v1/production?page_size=1000").json(), "model")).contains(modelA, modelB);
        assertThat(names(asAuditor.get("/api/v1/search/versions?filter=" + filter).json(), "model"))
                .containsExactlyInAnyOrder(modelA, modelB);
        assertThat(asAuditor.get("/api/v1/admin/users?page_size=1000").status()).isEqualTo(200);
        assertThat(asAuditor.get("/api/v1/auth/me").json().get("global_roles").toString()).contains("auditor");

        assertThat(anonymous().get("/api/v1/models").status()).isEqualTo(401);
    }

    private long promotedVersion(String model) {
        Answer version = registerVersion(model, 0.9);
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        assertThat(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}").status())
                .isBetween(200, 204);
        Answer promoted = post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Production\"}");
        assertThat(promoted.status()).as(promoted.toString()).isBetween(200, 204);
        return promoted.position();
    }

    private String auditor() {
        TestUser user = createUser("auditor");
        Answer granted = put("/api/v1/admin/grants/" + user.username() + "/auditor", "{}");
        assertThat(granted.status() / 100).as(granted.toString()).isEqualTo(2);
        awaitProjected(granted.position());
        return login(user.username(), user.password());
    }

    private static List<String> names(JsonNode page, String field) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(item -> item.get(field).asText())
                .toList();
    }
}
