package dev.modelregistry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.events.model.ModelRegistered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpcastersTest {

    private static final String TRAIL_TYPE = "test.fixture.trail";

    /** Each step appends its from-version to "trail", so the order the chain ran in is visible. */
    private static Upcasters.Upcaster trail(int fromVersion) {
        return Upcasters.Upcaster.of(TRAIL_TYPE, fromVersion, event -> {
            event.withArray("trail").add(fromVersion);
            return event;
        });
    }

    private static ObjectNode emptyEvent() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void runs_every_step_once_oldest_first_whatever_order_the_upcasters_were_given_in() {
        Upcasters.Chain chain = Upcasters.chain(List.of(trail(2), trail(0), trail(1)));

        assertThat(chain.upcast(TRAIL_TYPE, 0, 3, emptyEvent()).get("trail").toString()).isEqualTo("[0,1,2]");
        assertThat(chain.upcast(TRAIL_TYPE, 1, 3, emptyEvent()).get("trail").toString()).isEqualTo("[1,2]");
        assertThat(chain.upcast(TRAIL_TYPE, 0, 2, emptyEvent()).get("trail").toString()).isEqualTo("[0,1]");
    }

    @Test
    void a_version_registered_before_the_artifact_store_reads_as_a_manifest_of_one_file_named_model() {
        ObjectNode v1 = emptyEvent().put("model", "m").put("version", 1);
        v1.putObject("artifact").put("uri", "file:///blobs/x").put("sha256", "ab".repeat(32));

        ObjectNode v2 = Upcasters.upcast("dev.modelregistry.version.registered", 1, 2, v1);

        assertThat(v2.get("files").toString())
                .isEqualTo("[{\"path\":\"model\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":null}]");
        assertThat(v2.get("artifact")).as("the artifact reference is kept as it was").isEqualTo(v1.get("artifact"));
    }

    @Test
    void a_version_registered_without_an_artifact_digest_reads_with_no_files() {
        ObjectNode v1 = emptyEvent().put("model", "m").put("version", 1);

        assertThat(Upcasters.upcast("dev.modelregistry.version.registered", 1, 2, v1).get("files").size()).isZero();
    }

    @Test
    void an_event_at_the_target_version_is_returned_as_it_is() {
        ObjectNode event = emptyEvent().put("model", "m");

        assertThat(Upcasters.chain(List.of()).upcast(TRAIL_TYPE, 4, 4, event)).isSameAs(event);
    }

    @Test
    void never_changes_the_node_it_is_given() {
        ObjectNode original = emptyEvent().put("name", "fraud-detector");

        ObjectNode upcast = Upcasters.chain(List.of(new ModelRegisteredV0ToV1()))
                .upcast(ModelRegisteredV0ToV1.TYPE, 0, 1, original);

        assertThat(original.toString()).isEqualTo("{\"name\":\"fraud-detector\"}");
        assertThat(upcast.toString()).isEqualTo("{\"model\":\"fraud-detector\"}");
    }

    @Test
    void refuses_a_version_newer_than_the_code() {
        Upcasters.Chain chain = Upcasters.chain(List.of(trail(0)));

        assertThatThrownBy(() -> chain.upcast(TRAIL_TYPE, 3, 1, emptyEvent()))
                .isInstanceOf(UnsupportedEventVersionException.class)
                .hasMessageContaining(TRAIL_TYPE + " v3 is newer than this code base (v1)");
        assertThatThrownBy(() -> EventCodec.decode(ModelRegisteredV0ToV1.TYPE, 2, "{}".getBytes()))
                .isInstanceOfSatisfying(UnsupportedEventVersionException.class, e -> {
                    assertThat(e.typeName()).isEqualTo(ModelRegisteredV0ToV1.TYPE);
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.supportedVersion()).isEqualTo(1);
                });
    }

    @Test
    void fails_clearly_when_a_step_is_missing() {
        Upcasters.Chain chain = Upcasters.chain(List.of(trail(0), trail(2)));

        assertThatThrownBy(() -> chain.upcast(TRAIL_TYPE, 0, 3, emptyEvent()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read " + TRAIL_TYPE + " v0 as v3: no upcaster from v1 to v2");
        // The production chain has no fixture: a v0 event cannot be read by the real codec.
        assertThatThrownBy(() -> EventCodec.decode(ModelRegisteredV0ToV1.TYPE, 0, "{}".getBytes()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no upcaster from v0 to v1");
    }

    @Test
    void refuses_two_upcasters_for_the_same_step() {
        assertThatThrownBy(() -> Upcasters.chain(List.of(trail(0), trail(1), trail(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two upcasters for " + TRAIL_TYPE + " from v0");
        Upcasters.Chain chain = Upcasters.chain(List.of(trail(0)));
        assertThatThrownBy(() -> chain.with(List.of(trail(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_upcaster_that_returns_nothing_is_reported_by_name() {
        Upcasters.Chain chain = Upcasters.chain(List.of(Upcasters.Upcaster.of(TRAIL_TYPE, 0, event -> null)));

        assertThatThrownBy(() -> chain.upcast(TRAIL_TYPE, 0, 1, emptyEvent()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("upcaster " + TRAIL_TYPE + " v0 -> v1 returned no event");
    }

    @Test
    void with_adds_upcasters_to_a_chain_without_changing_it() {
        Upcasters.Chain base = Upcasters.chain(List.of(trail(0)));
        Upcasters.Chain extended = base.with(List.of(trail(1)));

        assertThat(base.upcasters()).hasSize(1);
        assertThat(extended.upcasters()).extracting(Upcasters.Upcaster::fromVersion).containsExactly(0, 1);
        assertThat(Upcasters.production().with(List.of(trail(0))).upcasters()).hasSize(Upcasters.production().upcasters().size() + 1);
    }

    @Test
    void the_codec_reads_an_old_version_through_the_chain_it_is_given() {
        byte[] v0 = TestResources.read("upcasting/" + ModelRegisteredV0ToV1.TYPE + "/v0.json");
        Upcasters.Chain chain = Upcasters.production().with(List.of(new ModelRegisteredV0ToV1()));

        Object event = EventCodec.decode(ModelRegisteredV0ToV1.TYPE, 0, v0, chain);

        assertThat(event).isEqualTo(new ModelRegistered("fraud-detector",
                "Scores card transactions for fraud risk – EU and UK.", "risk-ml",
                Map.of("domain", "payments", "pii", "false", "tier", "1")));
    }

    @Test
    void the_production_chain_has_a_step_for_every_published_version_below_the_current_one() {
        for (EventTypes.Registration type : EventTypes.all()) {
            for (int version = 1; version < type.version(); version++) {
                int from = version;
                assertThat(Upcasters.production().upcasters())
                        .as("production upcaster for %s v%d -> v%d", type.name(), from, from + 1)
                        .anyMatch(u -> u.typeName().equals(type.name()) && u.fromVersion() == from);
            }
        }
        // and no step for a type this code base does not publish, or beyond its current version
        assertThat(Upcasters.production().upcasters()).allSatisfy(u -> {
            assertThat(EventTypes.isKnown(u.typeName())).as("known type %s", u.typeName()).isTrue();
            assertThat(u.fromVersion()).isBetween(1, EventTypes.byName(u.typeName()).version() - 1);
        });
    }
}
