package dev.modelregistry.command.access.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.ApiTokenIssued;
import dev.modelregistry.events.access.ApiTokenRevoked;
import dev.modelregistry.events.access.RefreshTokenReuseDetected;
import dev.modelregistry.events.access.UserCreated;
import dev.modelregistry.events.access.UserDisabled;
import dev.modelregistry.events.access.UserEnabled;
import dev.modelregistry.events.access.UserPasswordChanged;
import java.time.Instant;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command of {@link User}. No Spring, no database, no secret anywhere. */
class UserTest {

    static final Instant EXPIRY = Instant.parse("2027-01-01T00:00:00Z");

    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
    }

    static UserCreated alice() {
        return new UserCreated("alice", "Alice");
    }

    @Test
    void the_aggregate_is_addressed_by_the_events_subject_so_it_never_meets_a_model_of_the_same_name() {
        assertThat(new CreateUser("scorer", null).aggregateId()).isEqualTo("user:scorer");
    }

    @Test
    void creating_a_user_records_it() {
        fixture.givenNoPriorActivity().when(new CreateUser("alice", "Alice"))
                .expectEvents(alice()).expectResultMessagePayload(AccessChange.RECORDED);
    }

    @Test
    void creating_an_existing_user_is_refused() {
        fixture.given(alice()).when(new CreateUser("alice", "Other"))
                .expectException(AccessError.UserExists.class).expectNoEvents();
    }

    @Test
    void commands_on_a_user_never_created_find_no_aggregate() {
        fixture.givenNoPriorActivity().when(new DisableUser("ghost", null, false))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void a_password_change_is_always_recorded_without_any_secret() {
        fixture.given(alice()).when(new ChangePassword("alice"))
                .expectEvents(new UserPasswordChanged("alice"));
    }

    @Test
    void disabling_records_the_reason_and_disabling_again_records_nothing() {
        fixture.given(alice()).when(new DisableUser("alice", "left", false))
                .expectEvents(new UserDisabled("alice", "left")).expectResultMessagePayload(AccessChange.RECORDED);
        fixture.given(alice(), new UserDisabled("alice", "left")).when(new DisableUser("alice", "again", false))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
    }

    @Test
    void disabling_the_last_active_admin_is_refused() {
        fixture.given(alice()).when(new DisableUser("alice", null, true))
                .expectException(AccessError.LastAdmin.class).expectNoEvents();
    }

    @Test
    void enabling_an_enabled_user_records_nothing_and_a_disabled_one_is_enabled() {
        fixture.given(alice()).when(new EnableUser("alice"))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
        fixture.given(alice(), new UserDisabled("alice", null)).when(new EnableUser("alice"))
                .expectEvents(new UserEnabled("alice"));
    }

    @Test
    void api_tokens_are_issued_to_enabled_users_only() {
        fixture.given(alice()).when(new IssueApiToken("alice", "0123456789abcdef01234567", "ci", EXPIRY))
                .expectEvents(new ApiTokenIssued("alice", "0123456789abcdef01234567", "ci", EXPIRY));
        fixture.given(alice(), new UserDisabled("alice", null))
                .when(new IssueApiToken("alice", "0123456789abcdef01234567", "ci", EXPIRY))
                .expectException(AccessError.UserDisabled.class).expectNoEvents();
    }

    @Test
    void revoking_is_idempotent_and_an_unknown_token_is_refused() {
        ApiTokenIssued issued = new ApiTokenIssued("alice", "t1", "ci", EXPIRY);
        fixture.given(alice(), issued).when(new RevokeApiToken("alice", "t1"))
                .expectEvents(new ApiTokenRevoked("alice", "t1"));
        fixture.given(alice(), issued, new ApiTokenRevoked("alice", "t1")).when(new RevokeApiToken("alice", "t1"))
                .expectNoEvents().expectResultMessagePayload(AccessChange.UNCHANGED);
        fixture.given(alice()).when(new RevokeApiToken("alice", "t2"))
                .expectException(AccessError.ApiTokenNotFound.class);
    }

    @Test
    void a_reused_refresh_token_is_recorded_with_its_session() {
        fixture.given(alice()).when(new RecordRefreshTokenReuse("alice", "s-1"))
                .expectEvents(new RefreshTokenReuseDetected("alice", "s-1"));
    }
}
