package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelregistry.command.model.RegistryError.RunArtifactsNotFound;
import dev.modelregistry.command.model.RegistryError.RunMismatch;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.command.model.VersionDraft.RunLink;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.VersionReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A draft merged with the run it is registered from: copied, added, or refused as a contradiction. */
class VersionDraftFromRunTest {

    static final String RUN = "ab".repeat(16);
    static final String OTHER_RUN = "cd".repeat(16);
    static final String TRAIN = "1".repeat(64);
    static final String VALIDATION = "2".repeat(64);
    static final String HOLDOUT = "3".repeat(64);

    static final RunSource SOURCE = new RunSource(RUN, Map.of("max_depth", "8", "lr", "0.1"),
            Map.of("accuracy", 0.9, "loss", Double.NaN),
            List.of(new DatasetReference("train", TRAIN), new DatasetReference("validation", VALIDATION),
                    new DatasetReference("train copy", TRAIN)),
            "c0ffee", "sklearn", "1.5.2",
            List.of(new ManifestFile("model/conda.yaml", "4".repeat(64), 20L),
                    new ManifestFile("model/weights.bin", "5".repeat(64), 1_000L),
                    new ManifestFile("models2/x", "6".repeat(64), 1L),
                    new ManifestFile("plots/loss.png", "7".repeat(64), 300L)));

    private static VersionDraft draft(Map<String, String> params, Map<String, Double> metrics, Lineage lineage,
                                      RunLink run, String framework) {
        return new VersionDraft("fraud.scorer", "runs:/" + RUN + "/model", List.of(), framework, null, params,
                metrics, "d", Map.of(), lineage, run);
    }

    @Test
    void the_run_gives_params_latest_metrics_datasets_commit_framework_files_and_the_lineage_run() {
        Lineage lineage = new Lineage(null, "fg-1", null, List.of(new DatasetReference("holdout", HOLDOUT),
                new DatasetReference("train again", TRAIN)), null, List.of(new VersionReference("fraud.base", 2)));
        VersionDraft merged = draft(Map.of("max_depth", "8", "seed", "7"), Map.of("holdout_auc", 0.88), lineage,
                new RunLink(RUN, RUN, "model"), null).fromRun(SOURCE);

        assertThat(merged.params()).containsOnly(Map.entry("max_depth", "8"), Map.entry("lr", "0.1"),
                Map.entry("seed", "7"));
        assertThat(merged.metrics()).containsEntry("accuracy", 0.9).containsEntry("holdout_auc", 0.88);
        assertThat(merged.metrics().get("loss")).isNaN();
        assertThat(merged.framework()).isEqualTo("sklearn");
        assertThat(merged.frameworkVersion()).isEqualTo("1.5.2");
        assertThat(merged.lineage()).isEqualTo(new Lineage("c0ffee", "fg-1", null, List.of(
                new DatasetReference("train", TRAIN), new DatasetReference("validation", VALIDATION),
                new DatasetReference("holdout", HOLDOUT)), RUN, List.of(new VersionReference("fraud.base", 2))));
        // under model/ only (not models2/), re-rooted at it
        assertThat(merged.files()).containsExactly(
                new DeclaredFile("conda.yaml", "4".repeat(64), 20L, "artifact.uri"),
                new DeclaredFile("weights.bin", "5".repeat(64), 1_000L, "artifact.uri"));
    }

    @Test
    void no_path_takes_every_artifact_and_the_request_framework_and_files_win() {
        VersionDraft all = draft(Map.of(), Map.of(), null, new RunLink(null, RUN, ""), "xgboost").fromRun(SOURCE);
        assertThat(all.files()).extracting(DeclaredFile::path)
                .containsExactly("model/conda.yaml", "model/weights.bin", "models2/x", "plots/loss.png");
        assertThat(all.framework()).isEqualTo("xgboost");
        assertThat(all.lineage().runId()).isEqualTo(RUN);

        DeclaredFile own = new DeclaredFile("model.pkl", "8".repeat(64), null, "files[0]");
        VersionDraft given = new VersionDraft("m", null, List.of(own), null, null, Map.of(), Map.of(), null,
                Map.of(), null, new RunLink(RUN, null, null)).fromRun(SOURCE);
        assertThat(given.files()).containsExactly(own);
    }

    @Test
    void contradictions_of_the_run_name_the_field() {
        assertThat(mismatch(() -> draft(Map.of("max_depth", "9"), Map.of(), null, new RunLink(RUN, null, null), null)
                .fromRun(SOURCE))).isEqualTo("params.max_depth");
        assertThat(mismatch(() -> draft(Map.of(), Map.of("accuracy", 0.95), null, new RunLink(RUN, null, null), null)
                .fromRun(SOURCE))).isEqualTo("metrics.accuracy");
        assertThat(mismatch(() -> draft(Map.of(), Map.of(), new Lineage("beef", null, null, null, null, null),
                new RunLink(RUN, null, null), null).fromRun(SOURCE))).isEqualTo("lineage.code_commit");
        assertThat(mismatch(() -> draft(Map.of(), Map.of(), null, new RunLink(RUN, OTHER_RUN, "model"), null)
                .sourceRunId())).isEqualTo("artifact.uri");
        assertThat(mismatch(() -> draft(Map.of(), Map.of(), new Lineage(null, null, null, null, OTHER_RUN, null),
                new RunLink(null, RUN, "model"), null).sourceRunId())).isEqualTo("lineage.run_id");
        // the same run id in lineage.run_id is fine; without a run link lineage.run_id is free text
        assertThat(draft(Map.of(), Map.of(), new Lineage(null, null, null, null, RUN, null),
                new RunLink(RUN, null, null), null).sourceRunId()).isEqualTo(RUN);
        assertThat(draft(Map.of(), Map.of(), new Lineage(null, null, null, null, "mlflow-7", null), null, null)
                .sourceRunId()).isNull();
    }

    @Test
    void a_path_with_no_artifact_under_it_is_refused() {
        RunArtifactsNotFound refused = catchThrowableOfType(RunArtifactsNotFound.class, () -> draft(Map.of(),
                Map.of(), null, new RunLink(null, RUN, "weights"), null).fromRun(SOURCE));
        assertThat(refused.code()).isEqualTo("run_artifacts_not_found");
        assertThat(refused.field()).isEqualTo("artifact.uri");
    }

    private static String mismatch(Runnable merge) {
        RunMismatch refused = catchThrowableOfType(RunMismatch.class, merge::run);
        assertThat(refused).as("refused as a run mismatch").isNotNull();
        assertThat(refused.code()).isEqualTo("run_mismatch");
        return refused.field();
    }
}
