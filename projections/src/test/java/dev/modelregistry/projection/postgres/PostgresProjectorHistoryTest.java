package dev.modelregistry.projection.postgres;

import static dev.modelregistry.projection.core.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.access.ApiTokenIssued;
import dev.modelregistry.events.access.ApiTokenRevoked;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.NamespaceCreated;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.events.access.NamespaceRoleGranted;
import dev.modelregistry.events.access.NamespaceRoleRevoked;
import dev.modelregistry.events.access.RefreshTokenReuseDetected;
import dev.modelregistry.events.access.TeamMemberAdded;
import dev.modelregistry.events.access.TeamMemberRemoved;
import dev.modelregistry.events.access.UserCreated;
import dev.modelregistry.events.access.UserDisabled;
import dev.modelregistry.events.access.UserEnabled;
import dev.modelregistry.events.access.UserPasswordChanged;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import dev.modelregistry.readmodel.ReadModelGrants;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access read model and the model history through the real projector on an embedded PostgreSQL:
 * every access event becomes its validity interval (opened and closed by event time and position),
 * the roles as of any time follow from them, and applying the events again (in one batch or split)
 * changes nothing.
 */
class PostgresProjectorHistoryTest {

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static List<EventEnvelope> history() {
        TestEvents events = new TestEvents();
        return List.of(
                events.next(new UserCreated("carol", "Carol")),                                        // 1
                events.next(new NamespaceCreated("fraud", "fraud team")),                              // 2
                events.next(new TeamMemberAdded("fraud", "carol")),                                    // 3
                events.next(new NamespaceRoleGranted("fraud", "carol", NamespaceRole.VIEWER)),         // 4
                events.next(new NamespaceRoleGranted("fraud", "carol", NamespaceRole.DEPLOYER)),       // 5
                events.next(new GlobalRoleGranted("carol", GlobalRole.AUDITOR)),                       // 6
                events.next(new ApiTokenIssued("carol", "t1", "ci", null)),                            // 7
                events.next(new UserPasswordChanged("carol")),                                         // 8
                events.next(new NamespaceRoleRevoked("fraud", "carol", NamespaceRole.DEPLOYER)),       // 9
                events.next(new UserDisabled("carol", "left")),                                        // 10
                events.next(new ApiTokenRevoked("carol", "t1")),                                       // 11
                events.next(new UserEnabled("carol")),                                                 // 12
                events.next(new TeamMemberRemoved("fraud", "carol")),                                  // 13
                events.next(new RefreshTokenReuseDetected("carol", "s1")),                             // 14
                events.next(new ModelRegistered("fraud.scorer", "first", "fraud", Map.of("a", "1"))),  // 15
                events.next(new ModelUpdated("fraud.scorer", "second", Map.of("a", "2"))),             // 16
                events.next(TestEvents.version("fraud.scorer", 1)),                                    // 17
                events.next(new AliasAssigned("fraud.scorer", "champion", 1, null)),                   // 18
                events.next(new ModelDeleted("fraud.scorer")));                                        // 19
    }

    @Test
    void accessEventsBecomeIntervalsThatAnswerRolesAsOfAnyTime() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        assertThat(projector.applyEvents(history()).failed()).isZero();
        assertState();
    }

    @Test
    void applyingTheEventsAgainOrSplitChangesNothing() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        List<EventEnvelope> events = history();
        projector.applyEvents(events.subList(0, 4));
        projector.applyEvents(events.subList(4, 11));
        projector.applyEvents(events.subList(11, events.size()));
        assertState();
        readModel.dsl().execute("truncate read_model.audit_log"); // forget the duplicate check: the rows guard alone
        projector.applyEvents(events);
        projector.applyEvents(events.subList(3, 12));
        assertState();
    }

    private void assertState() {
        var dsl = readModel.dsl();
        assertThat(ReadModelGrants.rolesOf(dsl, "carol", at(5)))
                .isEqualTo(new ReadModelGrants.Roles(Set.of(), Map.of("fraud", Set.of("viewer", "deployer"))));
        assertThat(ReadModelGrants.rolesOf(dsl, "carol", at(9)))
                .isEqualTo(new ReadModelGrants.Roles(Set.of("auditor"), Map.of("fraud", Set.of("viewer"))));
        // disabled: no role at all
        assertThat(ReadModelGrants.rolesOf(dsl, "carol", at(11))).isEqualTo(new ReadModelGrants.Roles(Set.of(), Map.of()));
        assertThat(ReadModelGrants.rolesOf(dsl, "carol", null))
                .isEqualTo(new ReadModelGrants.Roles(Set.of("auditor"), Map.of("fraud", Set.of("viewer"))));
        assertThat(ReadModelGrants.rolesOf(dsl, "carol", at(3))).isEqualTo(new ReadModelGrants.Roles(Set.of(), Map.of()));

        assertThat(dsl.fetchValue("select count(*) from read_model.namespace_grant_history")).isEqualTo(2L);
        assertThat(dsl.fetchValue("select to_position from read_model.namespace_grant_history where role = 'deployer'"))
                .isEqualTo(9L);
        assertThat(dsl.fetchValue("select to_position from read_model.namespace_grant_history where role = 'viewer'"))
                .isNull();
        assertThat(dsl.fetchValue("select from_position || '-' || to_position || ' ' || reason "
                + "from read_model.user_disabled_history")).isEqualTo("10-12 left");
        assertThat(dsl.fetchValue("select from_position || '-' || to_position from read_model.team_member_history"))
                .isEqualTo("3-13");
        assertThat(dsl.fetchValue("select token_id || ' ' || revoked_position || ' ' || revoked_by from read_model.api_token"))
                .isEqualTo("t1 11 alice");
        assertThat(dsl.fetchValue("select display_name from read_model.access_user where username = 'carol'"))
                .isEqualTo("Carol");
        assertThat(dsl.fetchValue("select description from read_model.access_namespace")).isEqualTo("fraud team");

        // the model row after each of its events, each valid until the next
        assertThat(dsl.fetch("select from_position, to_position, description, latest_version, deleted_at is not null "
                + "from read_model.model_history order by from_position").map(r -> r.intoList().toString()))
                .containsExactly("[15, 16, first, 0, false]", "[16, 17, second, 0, false]", "[17, 18, second, 1, false]",
                        "[18, 19, second, 1, false]", "[19, null, second, 1, true]");
        assertThat(dsl.fetchValue("select namespace from read_model.model")).isEqualTo("fraud");
        assertThat(dsl.fetchValue("select alias from read_model.alias_name")).isEqualTo("champion");
    }
}
