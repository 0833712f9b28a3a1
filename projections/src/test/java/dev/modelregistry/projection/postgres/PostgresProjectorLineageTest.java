package dev.modelregistry.projection.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lineage DAG's edges (V9) through the real projector on an embedded PostgreSQL: run inputs,
 * a version's datasets, producing run and parents become one edge each, and applying the events again
 * (split, or without the duplicate check) changes nothing.
 */
class PostgresProjectorLineageTest {

    private static final String RUN = "a".repeat(32);
    private static final String INPUT = "f".repeat(64);

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static List<EventEnvelope> history() {
        TestEvents events = new TestEvents();
        return List.of(
                events.next(new ModelRegistered("fraud", "detects fraud", "risk", Map.of())),
                events.next(new RunDataLogged(RUN, List.of(), List.of(), List.of(),
                        List.of(new DatasetInput("train", INPUT, "s3://d", "training"),
                                new DatasetInput("train", INPUT, "s3://d", "eval")))),
                events.next(TestEvents.version("fraud", 1)),
                events.next(TestEvents.version("fraud", 2, new VersionReference("fraud", 1),
                        new VersionReference("fraud", 1))));
    }

    private static List<String> edges() {
        return readModel.dsl().fetch("select from_node || ' -' || edge_type || '-> ' || to_node from "
                + "read_model.lineage_edge order by 1").getValues(0, String.class);
    }

    private static void assertEdges() {
        String b = "dataset:" + "b".repeat(64);
        String c = "dataset:" + "c".repeat(64);
        assertThat(edges()).containsExactly(
                b + " -trained_on-> version:fraud@1",
                b + " -trained_on-> version:fraud@2",
                c + " -trained_on-> version:fraud@1",
                c + " -trained_on-> version:fraud@2",
                "dataset:" + INPUT + " -input-> run:" + RUN,
                "run:run-1 -produced-> version:fraud@1",
                "run:run-2 -produced-> version:fraud@2",
                "version:fraud@1 -parent-> version:fraud@2");
    }

    @Test
    void inputsDatasetsRunsAndParentsBecomeEdges() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        assertThat(projector.applyEvents(history()).failed()).isZero();
        assertEdges();
        assertThat(readModel.dsl().fetchValue("select position from read_model.lineage_edge where edge_type = 'parent'"))
                .isEqualTo(4L);
    }

    @Test
    void applyingTheEventsAgainOrSplitChangesNothing() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        List<EventEnvelope> events = history();
        projector.applyEvents(events.subList(0, 2));
        projector.applyEvents(events.subList(2, events.size()));
        assertEdges();
        readModel.dsl().execute("truncate read_model.audit_log");
        projector.applyEvents(events);
        assertEdges();
    }

    @Test
    void theMigrationsBackfillWritesTheEdgesTheProjectorWrites() throws Exception {
        new PostgresProjector(readModel.database()).applyEvents(history());
        List<String> projected = readModel.dsl().fetch("select to_jsonb(e)::text from read_model.lineage_edge e "
                + "order by from_node, to_node, edge_type").getValues(0, String.class);
        String migration;
        try (var in = getClass().getClassLoader().getResourceAsStream("db/read-model/V9__lineage.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("-- Edges of what was projected"));
        readModel.dsl().execute("truncate read_model.lineage_edge");
        readModel.dsl().execute("set search_path to read_model; " + backfill + "; reset search_path");
        assertThat(readModel.dsl().fetch("select to_jsonb(e)::text from read_model.lineage_edge e "
                + "order by from_node, to_node, edge_type").getValues(0, String.class))
                .containsExactlyElementsOf(projected);
    }
}
