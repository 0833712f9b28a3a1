package dev.modelregistry.query.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON shapes of the access reads (snake_case on the wire); never a secret or a hash. */
final class AccessViews {

    private AccessViews() {
    }

    /** Who the caller is and the roles it holds (as of {@code as_of} when given). */
    record Me(String principal, String method, Set<String> globalRoles, Map<String, Set<String>> namespaces) {
    }

    /** {@code state}: active, revoked or expired (at the time asked about). */
    record ApiToken(String tokenId, String name, Instant issuedAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Instant revokedAt, String state) {
    }

    record User(String username, String displayName, boolean disabled, Instant createdAt, String createdBy) {
    }

    /** A user with what it holds: global roles, roles per namespace, the teams it belongs to. */
    record UserDetail(String username, String displayName, boolean disabled,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String disabledReason, Instant createdAt,
                      String createdBy, Set<String> globalRoles, Map<String, Set<String>> namespaces,
                      List<String> teams) {
    }

    /** {@code created_at} is null for {@code default}, which exists without being created. */
    record Namespace(String namespace, String description, Instant createdAt, String createdBy) {
    }

    record NamespaceDetail(String namespace, String description, Instant createdAt, String createdBy,
                           List<Member> members, List<Grant> grants) {
    }

    record Member(String username, Instant since) {
    }

    record Grant(String principal, String role, Instant since) {
    }
}
