package dev.modelregistry.command.web;

/**
 * Bodies of the authentication and access administration commands as they arrive (JSON, snake_case,
 * unknown fields refused: an {@code actor}, {@code roles} or {@code disabled} field is an error, never
 * taken into account).
 */
final class AccessRequests {

    private AccessRequests() {
    }

    record LoginRequest(String username, String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record PasswordRequest(String currentPassword, String newPassword) {
    }

    record ApiTokenRequest(String name, Integer expiresInDays) {
    }

    /** {@code password} optional: without it the registry generates one and answers it once. */
    record CreateUserRequest(String username, String displayName, String password, String reason) {
    }

    record CreateNamespaceRequest(String namespace, String description, String reason) {
    }
}
