package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.governance.DeprecationJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Owners over HTTP: an owner team must exist (422 unknown_team), a model without one belongs to its
 * namespace; when the last member leaves the owner team the model is an orphan and its promotion is
 * refused (recorded) until an admin reassigns it. Deprecation: the job, run at fixed clocks, warns once
 * and then expires a model without new versions, whose promotion is then refused until a new version.
 */
class OwnershipTest extends RegistryIntegrationTest {

    @Autowired
    DeprecationJob deprecationJob;

    @Test
    void anOrphanedModelIsNotPromotedUntilReassigned() {
        String team = ensureNamespace("own" + UUID.randomUUID().toString().substring(0, 8));
        TestUser member = createUser("member");
        assertThat(put("/api/v1/admin/namespaces/" + team + "/members/" + member.username(), "{}").status())
                .isEqualTo(200);
        String model = team + ".scorer";
        Answer registered = post("/api/v1/models", "{\"name\":\"" + model + "\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().get("owner_team").asText()).isEqualTo(team);
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);

        // the last member leaves: orphaned
        assertThat(delete("/api/v1/admin/namespaces/" + team + "/members/" + member.username()).status())
                .isEqualTo(204);
        Answer refused = post("/api/v1/models/" + model + "/versions/1:promote", "{}");
        PromotionGateTest.assertPromotionRefused(refused, "model_orphaned");
        assertThat(refused.json().get("failed_checks")).hasSize(1);

        // an unknown team is refused; an existing one takes the model over
        PromotionGateTest.assertProblem(post("/api/v1/models/" + model + ":reassign-owner",
                "{\"owner_team\":\"no-such-team\"}"), 422, "unknown_team", "owner_team");
        Answer reassigned = post("/api/v1/models/" + model + ":reassign-owner", "{\"owner_team\":\"risk\"}");
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
        assertThat(reassigned.json().get("previous_owner_team").asText()).isEqualTo(team);
        Answer promoted = post("/api/v1/models/" + model + "/versions/1:promote", "{}");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);

        // a namespace admin of another namespace may not reassign
        String otherAdmin = userWith("other" + UUID.randomUUID().toString().substring(0, 6), "admin");
        assertThat(as(otherAdmin).post("/api/v1/models/" + model + ":reassign-owner", "{\"owner_team\":\"risk\"}")
                .status()).isEqualTo(403);
    }

    @Test
    void aModelNamingAnUnknownOwnerTeamIsRefused() {
        Answer refused = post("/api/v1/models", "{\"name\":\"" + uniqueName("orphan") + "\",\"owner_team\":\"nope-"
                + UUID.randomUUID().toString().substring(0, 6) + "\"}");
        PromotionGateTest.assertProblem(refused, 422, "unknown_team", "owner_team");
        Answer defaulted = post("/api/v1/models", "{\"name\":\"" + uniqueName("owned") + "\",\"owner_team\":\"default\"}");
        assertThat(defaulted.status()).as(defaulted.toString()).isEqualTo(201);
    }

    @Test
    void theDeprecationJobWarnsOnceThenExpiresAndANewVersionClearsIt() {
        String model = registerModel(uniqueName("stale"));
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
        Instant now = Instant.now();
        DeprecationJob in200Days = deprecationJob.withClock(Clock.fixed(now.plus(200, ChronoUnit.DAYS), ZoneOffset.UTC));
        in200Days.runFor(model);
        in200Days.runFor(model); // idempotent: no second warning for the same period
        assertThat(eventsOf(model, "dev.modelregistry.model.deprecation-warned")).isEqualTo(1L);
        assertThat(eventsOf(model, "dev.modelregistry.model.expired")).isZero();
        assertThat(value("select meta_data is not null from event_store.domain_event_entry where aggregate_identifier = ? "
                + "and payload_type = 'dev.modelregistry.model.deprecation-warned'", model)).isEqualTo(true);

        deprecationJob.withClock(Clock.fixed(now.plus(400, ChronoUnit.DAYS), ZoneOffset.UTC)).runFor(model);
        assertThat(eventsOf(model, "dev.modelregistry.model.expired")).isEqualTo(1L);
        PromotionGateTest.assertPromotionRefused(post("/api/v1/models/" + model + "/versions/1:promote", "{}"),
                "model_expired");

        assertThat(registerVersion(model, 0.91).status()).isEqualTo(201);
        assertThat(post("/api/v1/models/" + model + "/versions/2:promote", "{}").status()).isEqualTo(200);
        deprecationJob.withClock(Clock.fixed(now.plus(30, ChronoUnit.DAYS), ZoneOffset.UTC)).runFor(model);
        assertThat(eventsOf(model, "dev.modelregistry.model.deprecation-warned")).isEqualTo(1L);
    }

    static long eventsOf(String model, String type) {
        return ((Number) value("select count(*) from event_store.domain_event_entry where aggregate_identifier = ? "
                + "and payload_type = ?", model, type)).longValue();
    }
}
