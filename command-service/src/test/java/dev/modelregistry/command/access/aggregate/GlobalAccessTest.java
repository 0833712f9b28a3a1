package dev.modelregistry.command.access.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.GlobalRoleRevoked;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for the global roles ({@link GlobalAccess}). */
class GlobalAccessTest {

    private FixtureConfiguration<GlobalAccess> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GlobalAccess.class);
    }

    @Test
    void one_aggregate_holds_every_global_role() {
        assertThat(new GrantGlobalRole("alice", GlobalRole.ADMIN).aggregateId()).isEqualTo("access:global");
    }

    @Test
    void granting_is_idempotent() {
        fixture.givenNoPriorActivity().when(new GrantGlobalRole("alice", GlobalRole.ADMIN))
                .expectEvents(new GlobalRoleGranted("alice", GlobalRole.ADMIN));
        fixture.given(new GlobalRoleGranted("alice", GlobalRole.ADMIN)).when(new GrantGlobalRole("alice", GlobalRole.ADMIN))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
    }

    @Test
    void the_last_admin_grant_is_never_revoked_whatever_the_sender_observed() {
        fixture.given(new GlobalRoleGranted("alice", GlobalRole.ADMIN))
                .when(new RevokeGlobalRole("alice", GlobalRole.ADMIN, false))
                .expectException(AccessError.LastAdmin.class).expectNoEvents();
    }

    @Test
    void admin_is_not_revoked_when_the_other_admins_are_all_disabled() {
        fixture.given(new GlobalRoleGranted("alice", GlobalRole.ADMIN), new GlobalRoleGranted("bob", GlobalRole.ADMIN))
                .when(new RevokeGlobalRole("alice", GlobalRole.ADMIN, true))
                .expectException(AccessError.LastAdmin.class).expectNoEvents();
    }

    @Test
    void admin_is_revoked_while_another_active_admin_remains() {
        fixture.given(new GlobalRoleGranted("alice", GlobalRole.ADMIN), new GlobalRoleGranted("bob", GlobalRole.ADMIN))
                .when(new RevokeGlobalRole("alice", GlobalRole.ADMIN, false))
                .expectEvents(new GlobalRoleRevoked("alice", GlobalRole.ADMIN));
    }

    @Test
    void the_last_auditor_may_go_and_revoking_a_role_not_held_changes_nothing() {
        fixture.given(new GlobalRoleGranted("carol", GlobalRole.AUDITOR))
                .when(new RevokeGlobalRole("carol", GlobalRole.AUDITOR, true))
                .expectEvents(new GlobalRoleRevoked("carol", GlobalRole.AUDITOR));
        fixture.givenNoPriorActivity().when(new RevokeGlobalRole("carol", GlobalRole.AUDITOR, false))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
    }
}
