package dev.modelregistry.command.tracking.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.tracking.TrackingError;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.ExperimentUpdated;
import dev.modelregistry.events.tracking.Tag;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command of {@link Experiment}. */
class ExperimentTest {

    static final String ID = "0123456789abcdef0123456789abcdef";

    private FixtureConfiguration<Experiment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Experiment.class);
    }

    static ExperimentCreated created() {
        return new ExperimentCreated(ID, "fraud", "churn-xgb", "Churn models", List.of(new Tag("team", "risk")));
    }

    @Test
    void the_aggregate_is_addressed_by_the_events_subject() {
        assertThat(new DeleteExperiment(ID).aggregateId()).isEqualTo("experiment:" + ID);
        assertThat(created().subject()).isEqualTo("experiment:" + ID);
    }

    @Test
    void creating_an_experiment_records_its_namespace_name_description_and_tags() {
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(ID, "fraud", "churn-xgb", "Churn models", List.of(new Tag("team", "risk"))))
                .expectEvents(created());
    }

    @Test
    void an_update_records_the_description_and_tags_as_they_stand_afterwards() {
        fixture.given(created())
                .when(new UpdateExperiment(ID, null, List.of(new Tag("team", "growth"))))
                .expectEvents(new ExperimentUpdated(ID, "Churn models", List.of(new Tag("team", "growth"))))
                .expectResultMessagePayload(new ExperimentDetails(ID, "Churn models", List.of(new Tag("team", "growth")),
                        true));
        fixture.given(created())
                .when(new UpdateExperiment(ID, "New text", null))
                .expectEvents(new ExperimentUpdated(ID, "New text", List.of(new Tag("team", "risk"))));
    }

    @Test
    void an_update_that_changes_nothing_records_nothing() {
        fixture.given(created())
                .when(new UpdateExperiment(ID, "Churn models", List.of(new Tag("team", "risk"))))
                .expectNoEvents()
                .expectResultMessagePayload(new ExperimentDetails(ID, "Churn models", List.of(new Tag("team", "risk")),
                        false));
    }

    @Test
    void a_deleted_experiment_takes_no_update() {
        fixture.given(created(), new ExperimentDeleted(ID))
                .when(new UpdateExperiment(ID, "x", null))
                .expectException(TrackingError.ExperimentDeleted.class).expectNoEvents();
    }

    @Test
    void deleting_records_a_tombstone_once() {
        fixture.given(created()).when(new DeleteExperiment(ID))
                .expectEvents(new ExperimentDeleted(ID)).expectResultMessagePayload(TrackingChange.RECORDED);
        fixture.given(created(), new ExperimentDeleted(ID)).when(new DeleteExperiment(ID))
                .expectNoEvents().expectResultMessagePayload(TrackingChange.UNCHANGED);
    }
}
