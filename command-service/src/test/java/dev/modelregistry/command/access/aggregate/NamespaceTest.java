package dev.modelregistry.command.access.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.NamespaceCreated;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.events.access.NamespaceRoleGranted;
import dev.modelregistry.events.access.NamespaceRoleRevoked;
import dev.modelregistry.events.access.TeamMemberAdded;
import dev.modelregistry.events.access.TeamMemberRemoved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command of {@link Namespace}, including the implicit namespace default. */
class NamespaceTest {

    private FixtureConfiguration<Namespace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Namespace.class);
    }

    static NamespaceCreated fraud() {
        return new NamespaceCreated("fraud", "Fraud models");
    }

    @Test
    void the_aggregate_is_addressed_by_the_events_subject() {
        assertThat(new CreateNamespace("fraud", null).aggregateId()).isEqualTo("namespace:fraud");
    }

    @Test
    void creating_a_namespace_records_it_once() {
        fixture.givenNoPriorActivity().when(new CreateNamespace("fraud", "Fraud models")).expectEvents(fraud());
        fixture.given(fraud()).when(new CreateNamespace("fraud", "again"))
                .expectException(AccessError.NamespaceExists.class).expectNoEvents();
    }

    @Test
    void default_exists_without_being_created_and_cannot_be_created() {
        fixture.givenNoPriorActivity().when(new CreateNamespace("default", null))
                .expectException(AccessError.NamespaceExists.class);
        fixture.givenNoPriorActivity().when(new GrantNamespaceRole("default", "alice", NamespaceRole.CONTRIBUTOR))
                .expectEvents(new NamespaceRoleGranted("default", "alice", NamespaceRole.CONTRIBUTOR));
        fixture.givenNoPriorActivity().when(new AddTeamMember("default", "alice"))
                .expectEvents(new TeamMemberAdded("default", "alice"));
    }

    @Test
    void members_and_grants_of_a_namespace_never_created_are_refused() {
        fixture.givenNoPriorActivity().when(new AddTeamMember("ghost", "alice"))
                .expectException(AccessError.NamespaceNotFound.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(new GrantNamespaceRole("ghost", "alice", NamespaceRole.VIEWER))
                .expectException(AccessError.NamespaceNotFound.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(new RevokeNamespaceRole("ghost", "alice", NamespaceRole.VIEWER))
                .expectException(AccessError.NamespaceNotFound.class);
        fixture.givenNoPriorActivity().when(new RemoveTeamMember("ghost", "alice"))
                .expectException(AccessError.NamespaceNotFound.class);
    }

    @Test
    void members_join_and_leave_idempotently() {
        fixture.given(fraud()).when(new AddTeamMember("fraud", "alice"))
                .expectEvents(new TeamMemberAdded("fraud", "alice"));
        fixture.given(fraud(), new TeamMemberAdded("fraud", "alice")).when(new AddTeamMember("fraud", "alice"))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
        fixture.given(fraud(), new TeamMemberAdded("fraud", "alice")).when(new RemoveTeamMember("fraud", "alice"))
                .expectEvents(new TeamMemberRemoved("fraud", "alice"));
        fixture.given(fraud()).when(new RemoveTeamMember("fraud", "bob"))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
    }

    @Test
    void granting_a_held_role_changes_nothing_and_roles_are_held_independently() {
        NamespaceRoleGranted reviewer = new NamespaceRoleGranted("fraud", "alice", NamespaceRole.REVIEWER);
        fixture.given(fraud(), reviewer).when(new GrantNamespaceRole("fraud", "alice", NamespaceRole.REVIEWER))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
        fixture.given(fraud(), reviewer).when(new GrantNamespaceRole("fraud", "alice", NamespaceRole.DEPLOYER))
                .expectEvents(new NamespaceRoleGranted("fraud", "alice", NamespaceRole.DEPLOYER));
    }

    @Test
    void revoking_a_role_not_held_changes_nothing() {
        NamespaceRoleGranted reviewer = new NamespaceRoleGranted("fraud", "alice", NamespaceRole.REVIEWER);
        fixture.given(fraud(), reviewer).when(new RevokeNamespaceRole("fraud", "alice", NamespaceRole.REVIEWER))
                .expectEvents(new NamespaceRoleRevoked("fraud", "alice", NamespaceRole.REVIEWER));
        fixture.given(fraud(), reviewer, new NamespaceRoleRevoked("fraud", "alice", NamespaceRole.REVIEWER))
                .when(new RevokeNamespaceRole("fraud", "alice", NamespaceRole.REVIEWER))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
    }
}
