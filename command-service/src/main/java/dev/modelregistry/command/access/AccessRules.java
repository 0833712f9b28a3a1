package dev.modelregistry.command.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for the names and secrets of access control, shared by the REST validation and the bootstrap.
 * <ul>
 *   <li>Usernames: {@code [a-z0-9][a-z0-9._-]{0,63}}, not {@value #SYSTEM} (the actor of the registry's
 *       own work).</li>
 *   <li>Principal names (grants and team members name principals: local usernames or the names an
 *       external OIDC issuer gives): 1-256 of {@code A-Z a-z 0-9 . _ @ + - | : = ~}, so an e-mail
 *       address or an issuer's {@code sub} fits and nothing that needs escaping in a path does.</li>
 *   <li>Passwords: at least {@value #MIN_PASSWORD} characters (code points), at most
 *       {@value #MAX_PASSWORD}, no control characters. Hashing is {@link PasswordHasher}'s.</li>
 * </ul>
 */
public final class AccessRules {

    /** Actor of the registry's own work (bootstrap, detections); never a username. */
    public static final String SYSTEM = "system";
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;
    public static final int MAX_TOKEN_NAME = 100;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._@+|:=~-]{1,256}");

    private AccessRules() {
    }

    public static Optional<String> usernameProblem(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Optional.of("A username is 1-64 of a-z 0-9 . _ - starting with a letter or digit.");
        }
        if (SYSTEM.equals(username)) {
            return Optional.of("'" + SYSTEM + "' is reserved for the registry's own actions.");
        }
        return Optional.empty();
    }

    public static Optional<String> principalProblem(String principal) {
        if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            return Optional.of("A principal name is 1-256 of A-Z a-z 0-9 . _ @ + - | : = ~.");
        }
        if (SYSTEM.equals(principal)) {
            return Optional.of("'" + SYSTEM + "' is reserved for the registry's own actions.");
        }
        return Optional.empty();
    }

    public static Optional<String> passwordProblem(String password) {
        if (password == null) {
            return Optional.of("A password is required.");
        }
        if (password.length() > MAX_PASSWORD) {
            return Optional.of("A password has at most " + MAX_PASSWORD + " characters.");
        }
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            return Optional.of("A password has at least " + MIN_PASSWORD + " characters.");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return Optional.of("A password has no control characters.");
            }
        }
        return Optional.empty();
    }
}
