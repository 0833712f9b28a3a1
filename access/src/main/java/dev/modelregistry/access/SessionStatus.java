package dev.modelregistry.access;

/**
 * Whether a sign-in session is still live: false after sign-out, a detected refresh-token reuse, a
 * password change or the user being disabled. When a bean of this type exists, a registry access token
 * whose {@code sid} names an ended session is refused at once instead of at its expiry.
 */
public interface SessionStatus {

    boolean isActive(String sessionId);
}
