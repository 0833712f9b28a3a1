package dev.modelregistry.query.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelregistry.query.model.Views.Artifact;
import dev.modelregistry.query.model.Views.Dataset;
import dev.modelregistry.query.model.Views.Lineage;
import dev.modelregistry.query.model.Views.VersionView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionComparisonTest {

    private static VersionView version(int number, String stage, Map<String, String> params,
                                       Map<String, Double> metrics, String codeCommit) {
        Instant created = Instant.parse("2026-11-23T05:00:00Z").plusSeconds(number);
        return new VersionView("fraud", number, "fraud@" + number, stage, List.of(), new Artifact("file:///a", "ab"),
                List.of(new Views.File("model.pkl", "ab", 10L)), "sklearn", "1.5", params, metrics, "v" + number, Map.of(),
                new Lineage(codeCommit, "fg", List.of(created, created), List.of(new Dataset("d", "sha")), "run",
                        List.of()), "hash-" + codeCommit, created, "alice", created, null, null);
    }

    @Test
    void paramsSideBySideWithDifferingKeys() {
        VersionComparison comparison = VersionComparison.of(List.of(
                version(1, "Production", Map.of("lr", "0.1", "depth", "3"), Map.of(), "c1"),
                version(2, "Staging", Map.of("lr", "0.2", "depth", "3"), Map.of(), "c1"),
                version(3, "None", Map.of("depth", "3", "extra", "x"), Map.of(), "c1")));

        assertThat(comparison.versions()).containsExactly(1, 2, 3);
        assertThat(comparison.ids()).containsExactly("fraud@1", "fraud@2", "fraud@3");
        assertThat(comparison.params().differingKeys()).containsExactly("extra", "lr");
        assertThat(comparison.params().rows()).extracting(VersionComparison.Row::key)
                .containsExactly("depth", "extra", "lr");
        VersionComparison.Row lr = comparison.params().rows().get(2);
        assertThat(lr.values()).containsExactly("0.1", "0.2", null);
        assertThat(lr.differs()).isTrue();
        assertThat(comparison.params().rows().getFirst().differs()).isFalse();
    }

    @Test
    void metricsWithAbsoluteAndRelativeDifferencesToTheFirst() {
        VersionComparison comparison = VersionComparison.of(List.of(
                version(1, "Production", Map.of(), Map.of("f1", 0.80, "loss", 0.0), "c1"),
                version(2, "Staging", Map.of(), Map.of("f1", 0.88, "loss", 0.5), "c1"),
                version(3, "None", Map.of(), Map.of("f1", 0.60), "c1")));

        VersionComparison.MetricRow f1 = comparison.metrics().rows().getFirst();
        assertThat(f1.key()).isEqualTo("f1");
        assertThat(f1.values()).containsExactly(0.80, 0.88, 0.60);
        assertThat(f1.absoluteDifferences().get(0)).isEqualTo(0.0);
        assertThat(f1.absoluteDifferences().get(1)).isCloseTo(0.08, within(1e-12));
        assertThat(f1.absoluteDifferences().get(2)).isCloseTo(-0.20, within(1e-12));
        assertThat(f1.relativeDifferences().get(0)).isEqualTo(0.0);
        assertThat(f1.relativeDifferences().get(1)).isCloseTo(0.10, within(1e-12));
        assertThat(f1.relativeDifferences().get(2)).isCloseTo(-0.25, within(1e-12));

        VersionComparison.MetricRow loss = comparison.metrics().rows().get(1);
        assertThat(loss.values()).containsExactly(0.0, 0.5, null);
        assertThat(loss.absoluteDifferences()).containsExactly(0.0, 0.5, null);
        // relative to zero is undefined
        assertThat(loss.relativeDifferences()).containsExactly(null, null, null);
        assertThat(comparison.metrics().differingKeys()).containsExactly("f1", "loss");
    }

    @Test
    void relativeDifferenceUsesTheMagnitudeOfTheFirst() {
        assertThat(VersionComparison.relativeDifference(-2.0, -1.0)).isEqualTo(0.5);
        assertThat(VersionComparison.relativeDifference(null, 1.0)).isNull();
        assertThat(VersionComparison.absoluteDifference(1.0, null)).isNull();
        assertThat(VersionComparison.absoluteDifference(-Double.MAX_VALUE, Double.MAX_VALUE)).isNull();
    }

    @Test
    void stageAndLineageSideBySide() {
        VersionComparison comparison = VersionComparison.of(List.of(
                version(1, "Production", Map.of(), Map.of(), "c1"),
                version(2, "Staging", Map.of(), Map.of(), "c2")));

        VersionComparison.Row stage = comparison.attributes().rows().getFirst();
        assertThat(stage.key()).isEqualTo("stage");
        assertThat(stage.values()).containsExactly("Production", "Staging");
        assertThat(comparison.attributes().differingKeys()).contains("stage", "created_at", "description")
                .doesNotContain("framework");

        assertThat(comparison.lineage().rows()).extracting(VersionComparison.Row::key).containsExactly(
                "code_commit", "feature_graph_hash", "data_window", "datasets", "run_id", "parents", "lineage_hash");
        assertThat(comparison.lineage().differingKeys()).containsExactly("code_commit", "data_window", "lineage_hash");
    }

    @Test
    void identicalVersionsDifferInNothingButIdentity() {
        VersionView a = version(1, "None", Map.of("p", "1"), Map.of("m", 1.0), "c");
        VersionComparison comparison = VersionComparison.of(Arrays.asList(a, a));
        assertThat(comparison.params().differingKeys()).isEmpty();
        assertThat(comparison.metrics().differingKeys()).isEmpty();
        assertThat(comparison.lineage().differingKeys()).isEmpty();
    }
}
