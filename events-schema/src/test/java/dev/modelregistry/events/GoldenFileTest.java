package dev.modelregistry.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;
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
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: one real sample per published version of every type, in
 * {@code src/test/resources/golden/<type>/v<version>.json}. They were written once by hand and are
 * never regenerated: they are what was published. Changing a record therefore needs a version bump,
 * a new golden file, an upcaster from the previous version and an entry in {@link #EXPECTED}; the
 * older files keep proving that old events still read.
 */
class GoldenFileTest {

    private static final String MODEL = "fraud-detector";

    /** What each golden file must decode to, as this code base's records, by "type/vN". */
    private static final Map<String, Object> EXPECTED = expected();

    private static Map<String, Object> expected() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("dev.modelregistry.model.registered/v1", new ModelRegistered(MODEL,
                "Scores card transactions for fraud risk – EU and UK.", "risk-ml",
                Map.of("domain", "payments", "pii", "false", "tier", "1")));
        expected.put("dev.modelregistry.model.updated/v1", new ModelUpdated(MODEL,
                "Scores card transactions for fraud risk (EU, UK and CH).",
                Map.of("domain", "payments", "region", "eu-uk-ch")));
        expected.put("dev.modelregistry.model.deleted/v1", new ModelDeleted(MODEL));
        String artifactSha = "2ee301b86fe0ac612f89806ad133c5dfa50abb390043ae134197eeae731a1f19";
        expected.put("dev.modelregistry.version.registered/v1", new VersionRegistered(MODEL, 3,
                new ArtifactReference("file:///var/lib/model-registry/blobs/sha256/2e/" + artifactSha, artifactSha),
                // Version 1 predates the manifest: it reads as one file at path "model", size unknown.
                List.of(new ManifestFile("model", artifactSha, null)),
                "xgboost", "2.1.3",
                Map.of("learning_rate", "0.05", "max_depth", "8", "n_estimators", "400"),
                Map.of("auc", 0.9412, "f1", 0.7735, "latency_p99_ms", 12.5, "training_rows", 48210937.0),
                "Retrained on Q1-Q3 2026 with chargeback labels.",
                Map.of("candidate", "true"),
                new Lineage("9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e", "fg-3c1d",
                        new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z")),
                        List.of(new DatasetReference("transactions-2026q1-q3", "b6d1bce7d1e67a6eff8183915872b1da708b1bd6e1006c350549a95341a5408b"),
                                new DatasetReference("chargebacks-2026", "d2e56285bb3f076f3446830c94d4d6b63491146e3494b40294212b399814eee9")),
                        "run-7f3a9c",
                        List.of(new VersionReference("card-embeddings", 12))),
                "bae817fe2907799e28ee13236419a1ed9590a3effd1794f8de4ed90c095b99ed"));
        String manifestSha = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
        String mlmodelSha = "0a6d5c0e9d8b7f1e2c3a4b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091";
        expected.put("dev.modelregistry.version.registered/v2", new VersionRegistered(MODEL, 4,
                new ArtifactReference("gs://ml-artifacts/fraud-detector/4/", manifestSha),
                List.of(new ManifestFile("MLmodel", mlmodelSha, 431L), new ManifestFile("model.ubj", artifactSha, 48213337L)),
                "xgboost", "2.1.3",
                Map.of("learning_rate", "0.05", "max_depth", "8", "n_estimators", "400"),
                Map.of("auc", 0.9412, "f1", 0.7735, "latency_p99_ms", 12.5, "training_rows", 48210937.0),
                "Retrained on Q1-Q3 2026 with chargeback labels.",
                Map.of("candidate", "true"),
                new Lineage("9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e", "fg-3c1d",
                        new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z")),
                        List.of(new DatasetReference("transactions-2026q1-q3", "b6d1bce7d1e67a6eff8183915872b1da708b1bd6e1006c350549a95341a5408b"),
                                new DatasetReference("chargebacks-2026", "d2e56285bb3f076f3446830c94d4d6b63491146e3494b40294212b399814eee9")),
                        "run-7f3a9c",
                        List.of(new VersionReference("card-embeddings", 12))),
                "bae817fe2907799e28ee13236419a1ed9590a3effd1794f8de4ed90c095b99ed"));
        expected.put("dev.modelregistry.artifact.stored/v1", new ArtifactStored(artifactSha, 48213337L,
                "application/octet-stream", "fraud-detector-v4.ubj", "alice"));
        expected.put("dev.modelregistry.artifact.corruption-detected/v1", new ArtifactCorruptionDetected(artifactSha,
                48213337L, "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab", 48213337L, "download"));
        expected.put("dev.modelregistry.artifact.deleted/v1", new ArtifactDeleted(mlmodelSha, 431L,
                "unreferenced for longer than the grace period (P1D)"));
        expected.put("dev.modelregistry.artifact.storage-class-changed/v1",
                new ArtifactStorageClassChanged(artifactSha, "STANDARD", "COLDLINE"));
        expected.put("dev.modelregistry.version.stage-transitioned/v1",
                new VersionStageTransitioned(MODEL, 3, Stage.STAGING, Stage.PRODUCTION));
        expected.put("dev.modelregistry.version.restored/v1", new VersionRestored(MODEL, 1));
        expected.put("dev.modelregistry.version.deleted/v1", new VersionDeleted(MODEL, 2));
        expected.put("dev.modelregistry.alias.assigned/v1", new AliasAssigned(MODEL, "champion", 3, 2));
        expected.put("dev.modelregistry.alias.removed/v1", new AliasRemoved(MODEL, "challenger", 2));
        expected.put("dev.modelregistry.user.created/v1", new UserCreated("alice.martin", "Alice Martin – Risk ML"));
        expected.put("dev.modelregistry.user.password-changed/v1", new UserPasswordChanged("alice.martin"));
        expected.put("dev.modelregistry.user.disabled/v1", new UserDisabled("bob", "left the company"));
        expected.put("dev.modelregistry.user.enabled/v1", new UserEnabled("bob"));
        String tokenId = "3f9a1c0e7b2d4a6f8e1b5c9d";
        expected.put("dev.modelregistry.user.api-token-issued/v1", new ApiTokenIssued("ci-bot", tokenId,
                "github-actions fraud-detector", Instant.parse("2027-03-01T00:00:00Z")));
        expected.put("dev.modelregistry.user.api-token-revoked/v1", new ApiTokenRevoked("ci-bot", tokenId));
        expected.put("dev.modelregistry.user.refresh-token-reuse-detected/v1",
                new RefreshTokenReuseDetected("alice.martin", "6b1e2f0c-9d3a-4c7e-8f21-5a0b9c3d7e44"));
        expected.put("dev.modelregistry.namespace.created/v1",
                new NamespaceCreated("fraud", "Fraud detection models of the payments team"));
        expected.put("dev.modelregistry.namespace.member-added/v1", new TeamMemberAdded("fraud", "alice.martin"));
        expected.put("dev.modelregistry.namespace.member-removed/v1", new TeamMemberRemoved("fraud", "bob"));
        expected.put("dev.modelregistry.namespace.role-granted/v1",
                new NamespaceRoleGranted("fraud", "alice.martin", NamespaceRole.DEPLOYER));
        expected.put("dev.modelregistry.namespace.role-revoked/v1",
                new NamespaceRoleRevoked("fraud", "bob", NamespaceRole.CONTRIBUTOR));
        expected.put("dev.modelregistry.access.global-role-granted/v1",
                new GlobalRoleGranted("carol@example.com", GlobalRole.AUDITOR));
        expected.put("dev.modelregistry.access.global-role-revoked/v1", new GlobalRoleRevoked("admin", GlobalRole.ADMIN));
        // issue 4, part 2: governance
        for (RegistryEvent event : SampleEvents.governance()) {
            expected.put(EventTypes.of(event.getClass()).name() + "/v1", event);
        }
        // issue 5: experiment tracking (the data-logged file holds NaN, Infinity and -Infinity)
        for (RegistryEvent event : SampleEvents.tracking()) {
            expected.put(EventTypes.of(event.getClass()).name() + "/v1", event);
        }
        return Map.copyOf(expected);
    }

    static Stream<String> goldenFiles() {
        return TestResources.filesUnder("golden").stream();
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void every_golden_file_decodes_to_the_record_it_stands_for(String file) {
        String key = file.replaceAll("\\.json$", "");
        String typeName = key.substring(0, key.indexOf('/'));
        int version = Integer.parseInt(key.substring(key.indexOf("/v") + 2));

        Object decoded = EventCodec.decode(typeName, version, TestResources.read("golden/" + file));

        assertThat(EXPECTED).as("expected record for golden file %s", file).containsKey(key);
        assertThat(decoded).isEqualTo(EXPECTED.get(key));
    }

    @Test
    void every_published_version_of_every_type_has_a_golden_file_and_an_expected_record() {
        for (EventTypes.Registration type : EventTypes.all()) {
            for (int version = 1; version <= type.version(); version++) {
                String key = type.name() + "/v" + version;
                assertThat(TestResources.exists("golden/" + key + ".json"))
                        .as("golden file src/test/resources/golden/%s.json (a new schema version needs one, and an upcaster)", key)
                        .isTrue();
                assertThat(EXPECTED).as("expected record for %s", key).containsKey(key);
            }
        }
        assertThat(goldenFiles()).as("golden files").hasSize(EXPECTED.size());
    }

    /**
     * The codec still writes the current version exactly as its golden file: a field added, renamed
     * or re-typed without a version bump fails here even when reading would still work.
     */
    @Test
    void the_codec_writes_the_current_version_of_every_type_as_its_golden_file() throws IOException {
        for (EventTypes.Registration type : EventTypes.all()) {
            String key = type.name() + "/v" + type.version();
            JsonNode golden = EventCodec.objectMapper().readTree(TestResources.read("golden/" + key + ".json"));

            // read back from the bytes: a tree made in memory holds NaN as a number, the bytes hold "NaN"
            JsonNode written = EventCodec.objectMapper().readTree(EventCodec.encode(EXPECTED.get(key)));

            assertThat(written.equals(NUMBERS_BY_VALUE, golden)).as("%s written as%n%s%nexpected%n%s", key, written, golden).isTrue();
        }
    }

    /** 48210937 in a golden file and 4.8210937E7 from the codec are the same JSON number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
