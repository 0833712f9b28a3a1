package dev.modelregistry.access;

import java.util.Optional;

/**
 * Checks a long-lived API token ({@code mrt_<token id>_<secret>}) against the stored hash. The command
 * side implements it on its credential table; the query side, deployed alone, asks the command side
 * (token introspection). Empty for an unknown, revoked, expired or disabled user's token.
 */
public interface ApiTokenVerifier {

    /** The prefix that tells an API token from a JWT. */
    String PREFIX = "mrt_";

    Optional<RegistryPrincipal> verify(String token);
}
