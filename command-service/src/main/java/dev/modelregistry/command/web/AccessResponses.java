package dev.modelregistry.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answers of the authentication and access administration commands (JSON, snake_case). */
final class AccessResponses {

    private AccessResponses() {
    }

    /** RFC 6749 section 5.1; lifetimes in seconds. */
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn,
                         @JsonProperty("refresh_token") String refreshToken,
                         @JsonProperty("refresh_expires_in") long refreshExpiresIn) {
    }

    /** The token is in this answer only; the registry keeps a hash of its secret. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ApiTokenResponse(@JsonProperty("token_id") String tokenId,
                            @JsonProperty("token") String token,
                            @JsonProperty("name") String name,
                            @JsonProperty("expires_at") String expiresAt) {
    }

    /** {@code initial_password} only when the registry generated it (shown once). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserResponse(@JsonProperty("username") String username,
                        @JsonProperty("display_name") String displayName,
                        @JsonProperty("initial_password") String initialPassword) {
    }

    record UserStatusResponse(@JsonProperty("username") String username,
                              @JsonProperty("disabled") boolean disabled) {
    }

    record PasswordResetResponse(@JsonProperty("username") String username,
                                 @JsonProperty("initial_password") String initialPassword) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NamespaceResponse(@JsonProperty("namespace") String namespace,
                             @JsonProperty("description") String description) {
    }

    record MemberResponse(@JsonProperty("namespace") String namespace,
                          @JsonProperty("username") String username) {
    }

    record NamespaceGrantResponse(@JsonProperty("namespace") String namespace,
                                  @JsonProperty("principal") String principal,
                                  @JsonProperty("role") String role) {
    }

    record GlobalGrantResponse(@JsonProperty("principal") String principal,
                               @JsonProperty("role") String role) {
    }
}
