package dev.modelregistry.access;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The keys of the tokens this registry issues. The command side keeps them (generated on first start,
 * kept in its database, never in the repository or in events); {@link #current()} signs, and
 * {@link #publicKeys()} verifies, including keys retired recently so that tokens signed before a
 * rotation stay valid until they expire. Published at {@code GET /api/v1/auth/jwks} for a query side
 * deployed alone.
 */
public interface SigningKeys {

    RSAKey current();

    JWKSet publicKeys();
}
