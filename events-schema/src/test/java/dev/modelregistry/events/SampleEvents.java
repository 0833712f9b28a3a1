package dev.modelregistry.events;

import dev.modelregistry.events.access.ApiTokenIssued;
import dev.modelregistry.events.access.ApiTokenRevoked;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.GlobalRoleRevoked;
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
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.evaluation.EvaluatorRegistered;
import dev.modelregistry.events.evaluation.EvaluatorRevoked;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ProductionRolledBack;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.RegressionLimit;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.ExperimentUpdated;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunEnvironment;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Representative events of every published type: every field set, and every nullable field null. */
final class SampleEvents {

    static final String MODEL = "fraud-detector";
    static final String ARTIFACT_SHA = "2ee301b86fe0ac612f89806ad133c5dfa50abb390043ae134197eeae731a1f19";
    static final String CONDA_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String MANIFEST_SHA = "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730";

    private SampleEvents() {
    }

    /** One event per type with every field given, including nested records, nanosecond times and non-ASCII text. */
    /** One sample of every published type, every optional field set. */
    static List<RegistryEvent> full() {
        return java.util.stream.Stream.of(core(), governance(), tracking()).flatMap(List::stream).toList();
    }

    static List<RegistryEvent> core() {
        Lineage lineage = new Lineage("9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e", "fg-3c1d",
                new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-10-01T12:30:45.123456789Z")),
                List.of(new DatasetReference("transactions-2026q1-q3", "b6d1bce7d1e67a6eff8183915872b1da708b1bd6e1006c350549a95341a5408b")),
                "run-7f3a9c",
                List.of(new VersionReference("card-embeddings", 12)));
        return List.of(
                new ModelRegistered(MODEL, "Détecte la fraude – cartes", "risk-ml", Map.of("tier", "1", "domain", "payments")),
                new ModelUpdated(MODEL, "Scores card transactions", Map.of("region", "eu")),
                new ModelDeleted(MODEL),
                new VersionRegistered(MODEL, 3, new ArtifactReference("gs://ml-artifacts/fraud/3/", MANIFEST_SHA),
                        List.of(new ManifestFile("model.ubj", ARTIFACT_SHA, 48_213_337L),
                                new ManifestFile("conda.yaml", CONDA_SHA, 512L)),
                        "xgboost", "2.1.3",
                        Map.of("max_depth", "8", "learning_rate", "0.05"),
                        Map.of("auc", 0.9412, "rows", 48210937.0, "log_loss", Double.NaN, "max_gain", Double.POSITIVE_INFINITY),
                        "Retrained", Map.of("candidate", "true"),
                        lineage, "bae817fe2907799e28ee13236419a1ed9590a3effd1794f8de4ed90c095b99ed"),
                new VersionStageTransitioned(MODEL, 3, Stage.STAGING, Stage.PRODUCTION),
                new VersionRestored(MODEL, 1),
                new VersionDeleted(MODEL, 2),
                new AliasAssigned(MODEL, "champion", 3, 2),
                new AliasRemoved(MODEL, "challenger", 2),
                new ArtifactStored(ARTIFACT_SHA, 48_213_337L, "application/octet-stream", "modèle – v3.ubj", "alice"),
                new ArtifactCorruptionDetected(ARTIFACT_SHA, 48_213_337L, CONDA_SHA, 48_213_336L, "download"),
                new ArtifactDeleted(CONDA_SHA, 512L, "unreferenced for longer than P1D"),
                new ArtifactStorageClassChanged(ARTIFACT_SHA, "STANDARD", "COLDLINE"),
                new UserCreated("alice.martin", "Alice Martin – Risk ML"),
                new UserPasswordChanged("alice.martin"),
                new UserDisabled("bob", "left the company"),
                new UserEnabled("bob"),
                new ApiTokenIssued("ci-bot", "3f9a1c0e7b2d4a6f8e1b5c9d", "github-actions",
                        Instant.parse("2027-03-01T00:00:00.123456789Z")),
                new ApiTokenRevoked("ci-bot", "3f9a1c0e7b2d4a6f8e1b5c9d"),
                new RefreshTokenReuseDetected("alice.martin", "6b1e2f0c-9d3a-4c7e-8f21-5a0b9c3d7e44"),
                new NamespaceCreated("fraud", "Fraud detection – payments"),
                new TeamMemberAdded("fraud", "alice.martin"),
                new TeamMemberRemoved("fraud", "bob"),
                new NamespaceRoleGranted("fraud", "alice.martin", NamespaceRole.DEPLOYER),
                new NamespaceRoleRevoked("fraud", "bob", NamespaceRole.VIEWER),
                new GlobalRoleGranted("carol@example.com", GlobalRole.AUDITOR),
                new GlobalRoleRevoked("admin", GlobalRole.ADMIN));
    }

    /** Events whose optional fields are all absent (null, empty maps and lists). */
    static List<RegistryEvent> minimal() {
        return java.util.stream.Stream.of(coreMinimal(), governanceMinimal(), trackingMinimal()).flatMap(List::stream)
                .toList();
    }

    static List<RegistryEvent> coreMinimal() {
        return List.of(
                new ModelRegistered(MODEL, null, null, null),
                new ModelUpdated(MODEL, null, null),
                new VersionRegistered(MODEL, 1, new ArtifactReference(null, MANIFEST_SHA), null,
                        null, null, null, null, null, null, null, null),
                new VersionRegistered(MODEL, 2, new ArtifactReference("file:///blobs/a", MANIFEST_SHA),
                        List.of(new ManifestFile("model", ARTIFACT_SHA, null)),
                        null, null, null, null, null, null,
                        new Lineage(null, null, null, null, null, null), null),
                new VersionStageTransitioned(MODEL, 1, Stage.NONE, Stage.ARCHIVED),
                new AliasAssigned(MODEL, "latest", 1, null),
                new ArtifactStored(CONDA_SHA, 0L, null, null, null),
                new ArtifactCorruptionDetected(CONDA_SHA, 0L, null, null, "scrub"),
                new ArtifactStorageClassChanged(CONDA_SHA, null, "COLDLINE"),
                new UserCreated("bob", null),
                new UserDisabled("bob", null),
                new ApiTokenIssued("ci-bot", "a1", "no expiry", null),
                new NamespaceCreated("default-2", null));
    }

    /** The governance events (issue 4, part 2), as their golden files hold them. */
    static List<RegistryEvent> governance() {
        String model = "fraud-detector";
        String request = "5b0f5f1e-8a43-4d2e-9a51-0c8d7f0e1a22";
        return List.of(
                new PromotionPolicySet(model, 2, List.of(new MetricThreshold("auc", 0.85, null),
                        new MetricThreshold("latency_p99_ms", null, 40.0)),
                        List.of(new RegressionLimit("auc", 0.01, true)), true, 2, List.of("dave", "carol", "bob")),
                new EvaluationReportAttached(model, 4, "eval-2026-03-01-0042", "ci-eval",
                        "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
                        "b6d1bce7d1e67a6eff8183915872b1da708b1bd6e1006c350549a95341a5408b",
                        Map.of("auc", 0.931, "latency_p99_ms", 31.5), Instant.parse("2026-03-01T09:00:00Z"),
                        Instant.parse("2026-03-31T09:00:00Z")),
                new PromotionRequested(model, 4, request, 10, "eval-2026-03-01-0042"),
                new PromotionApproved(model, 4, request, "carol"),
                new PromotionRefused(model, 4, null, List.of(
                        new FailedCheck("metric_regressed", "Metric 'auc' is 0.9, against 0.93 for version 3 in "
                                + "Production (higher is better, tolerance 0.01)."),
                        new FailedCheck("approvals_missing", "1 of 2 approvals (carol); approvers: bob, carol, dave "
                                + "(never the version's author)."))),
                new VersionPromoted(model, 4, request, 2, "eval-2026-03-01-0042", List.of("bob", "carol"), 10, 3),
                new CanaryFinalized(model, 4, 3),
                new CanaryAborted(model, 4, 3),
                new ProductionRolledBack(model, 4, 3),
                new ModelOwnerReassigned(model, "payments-ml", "risk-ml"),
                new ModelDeprecationWarned(model, Instant.parse("2025-06-01T12:00:00.123Z"),
                        Instant.parse("2026-06-01T12:00:00.123Z")),
                new ModelExpired(model, Instant.parse("2025-06-01T12:00:00.123Z")),
                new EvaluatorRegistered("ci-eval", "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
                        "Nightly evaluation pipeline"),
                new EvaluatorRevoked("ci-eval", "key rotated"));
    }

    /** Governance events with their optional fields absent. */
    static List<RegistryEvent> governanceMinimal() {
        String model = "fraud-detector";
        return List.of(
                new PromotionPolicySet(model, 1, List.of(), List.of(), false, 0, List.of()),
                new EvaluationReportAttached(model, 1, "r", "ci", "a".repeat(64), "b".repeat(64), Map.of(),
                        Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-02T09:00:00Z")),
                new PromotionRequested(model, 1, "q", null, null),
                new VersionPromoted(model, 1, null, 0, null, List.of(), null, null),
                new CanaryFinalized(model, 2, null),
                new ModelOwnerReassigned(model, "default", null),
                new EvaluatorRegistered("ci", "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=", null),
                new EvaluatorRevoked("ci", null));
    }

    static final String EXPERIMENT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String RUN_ID = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    /**
     * Issue 5: experiment tracking, exactly as the golden files (GoldenFileTest uses these), including
     * NaN and both infinities as metric values.
     */
    static List<RegistryEvent> tracking() {
        Instant logged = Instant.parse("2026-11-01T10:02:00Z");
        return List.of(
                new ExperimentCreated(EXPERIMENT_ID, "fraud", "Card fraud – XGBoost sweep",
                        "Hyperparameter sweep for the card fraud model.",
                        List.of(new Tag("owner", "risk-ml"), new Tag("stage", "research"))),
                new ExperimentUpdated(EXPERIMENT_ID, "Sweep over depth and learning rate.",
                        List.of(new Tag("owner", "risk-ml"))),
                new ExperimentDeleted(EXPERIMENT_ID),
                new RunStarted(RUN_ID, EXPERIMENT_ID, "fraud", "depth-8-lr-0.05", Instant.parse("2026-11-01T10:00:00.123Z"),
                        List.of(new Tag("mlflow.user", "alice")), "9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e", "xgboost",
                        "2.1.3", new RunEnvironment("python", "3.12.4", List.of("xgboost==2.1.3", "numpy==2.1.1"),
                                "sha256:" + ARTIFACT_SHA, "gpu-node-7")),
                new RunDataLogged(RUN_ID, List.of(new Param("max_depth", "8"), new Param("learning_rate", "0.05")),
                        List.of(new MetricPoint("train_loss", 0.6931, 0, Instant.parse("2026-11-01T10:01:00Z")),
                                new MetricPoint("train_loss", Double.NaN, 1, logged),
                                new MetricPoint("grad_norm", Double.POSITIVE_INFINITY, 1, logged),
                                new MetricPoint("log_ratio", Double.NEGATIVE_INFINITY, 1, logged)),
                        List.of(new Tag("phase", "train")),
                        List.of(new DatasetInput("transactions-2026q1-q3",
                                "b6d1bce7d1e67a6eff8183915872b1da708b1bd6e1006c350549a95341a5408b",
                                "s3://datasets/transactions/2026q1-q3.parquet", "training"))),
                new RunArtifactsLogged(RUN_ID, List.of(new ManifestFile("model/model.ubj", ARTIFACT_SHA, 48_213_337L))),
                new RunFinished(RUN_ID, RunStatus.FINISHED, Instant.parse("2026-11-01T11:30:00Z")),
                new RunDeleted(RUN_ID));
    }

    /** Tracking events with their optional fields absent. */
    static List<RegistryEvent> trackingMinimal() {
        return List.of(
                new ExperimentCreated(EXPERIMENT_ID, "default", "e", null, List.of()),
                new ExperimentUpdated(EXPERIMENT_ID, null, List.of()),
                new RunStarted(RUN_ID, EXPERIMENT_ID, "default", null, Instant.parse("2026-11-01T10:00:00.123456789Z"),
                        List.of(), null, null, null, null),
                new RunStarted(RUN_ID, EXPERIMENT_ID, "default", null, Instant.EPOCH, List.of(), null, null, null,
                        new RunEnvironment(null, null, null, null, null)),
                new RunDataLogged(RUN_ID, List.of(), List.of(), List.of(),
                        List.of(new DatasetInput("d", ARTIFACT_SHA, null, null))),
                new RunFinished(RUN_ID, RunStatus.KILLED, Instant.EPOCH));
    }
}
