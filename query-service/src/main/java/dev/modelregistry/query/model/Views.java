package dev.modelregistry.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelregistry.query.governance.PromotionPolicyView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the model endpoints (snake_case on the wire). */
final class Views {

    private Views() {
    }

    /**
     * {@code orphaned}: the owner team had no enabled member (then); {@code promotion_policy}: the policy in
     * force, shown by the single-model read only (absent in listings and when the model has none).
     */
    record ModelView(String name, String description, String ownerTeam, Map<String, String> tags,
                     int latestVersion, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Instant deletedAt,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String deletedBy,
                     boolean orphaned, Deprecation deprecation,
                     @JsonInclude(JsonInclude.Include.NON_NULL) PromotionPolicyView promotionPolicy) {

        static ModelView of(String name, String description, String ownerTeam, Map<String, String> tags,
                            Integer latestVersion, Instant createdAt, String createdBy, Instant updatedAt,
                            String updatedBy, Instant deletedAt, String deletedBy, Boolean orphaned,
                            Deprecation deprecation) {
            return new ModelView(name, description, ownerTeam, tags, latestVersion, createdAt, createdBy, updatedAt,
                    updatedBy, deletedAt, deletedBy, Boolean.TRUE.equals(orphaned), deprecation, null);
        }

        ModelView withPolicy(PromotionPolicyView policy) {
            return new ModelView(name, description, ownerTeam, tags, latestVersion, createdAt, createdBy, updatedAt,
                    updatedBy, deletedAt, deletedBy, orphaned, deprecation, policy);
        }
    }

    /**
     * Deprecation pressure: warned at {@code warned_at}, expiring at {@code expires_at}, expired at
     * {@code expired_at} (each null when not reached; all null again once a version is registered).
     */
    record Deprecation(Instant warnedAt, Instant expiresAt, Instant expiredAt) {
    }

    /**
     * {@code artifact.sha256} is the digest of the version's manifest (for versions registered before
     * the artifact store: of its one file), {@code artifact.uri} where the client said the files came
     * from (may be null); {@code files} the manifest, sorted by path.
     */
    record VersionView(String model, int version, String id, String stage, List<String> aliases,
                       Artifact artifact, List<File> files, String framework, String frameworkVersion,
                       Map<String, String> params, Map<String, Double> metrics, String description,
                       Map<String, String> tags, Lineage lineage, String lineageHash,
                       Instant createdAt, String createdBy, Instant stageChangedAt,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Instant deletedAt,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String deletedBy) {
    }

    record Artifact(String uri, String sha256) {
    }

    /** One file of a version; {@code size} is null for versions registered before the artifact store. */
    record File(String path, String sha256, Long size) {
    }

    /** {@code data_window} is {@code [from, to]} (either may be null), or null when neither is known. */
    record Lineage(String codeCommit, String featureGraphHash, List<Instant> dataWindow, List<Dataset> datasets,
                   String runId, List<String> parents) {
    }

    record Dataset(String name, String sha256) {
    }

    /** An alias and the version it points to, since when. */
    record AliasView(String alias, String model, int version, String id, Instant since) {
    }

    /**
     * A version in Production at the time asked about, since when, the aliases that pointed at it then,
     * and its share of the traffic: 100 without a canary; during a canary the canary's share
     * ({@code canary} true) and the rest for the incumbent.
     */
    record ProductionView(String model, int version, String id, Instant since, List<String> aliases,
                          int trafficShare, boolean canary) {
    }

    static String id(String model, int version) {
        return model + "@" + version;
    }
}
