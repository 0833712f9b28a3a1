package dev.modelregistry.access;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of authentication, {@code registry.auth.*} (documented in access/README.md). Both services
 * read the same prefix; the command side also reads its own {@code registry.auth.bootstrap-admin.*}.
 *
 * @param issuer           {@code iss} of the access tokens this registry issues, and the issuer whose
 *                         tokens are checked against the registry's own keys
 * @param accessTokenTtl   lifetime of an access token
 * @param refreshTokenTtl  lifetime of a refresh token (the command side issues them)
 * @param clockSkew        tolerance on {@code exp}, {@code nbf} and {@code iat} of every JWT
 * @param registryJwkSetUri where a service without the signing keys (a query side deployed apart from
 *                         the command side) fetches the registry's public keys, e.g.
 *                         {@code http://command:8081/api/v1/auth/jwks}; unused when the keys are in the JVM
 * @param oidc             an external OpenID Connect issuer whose tokens are accepted too
 */
@ConfigurationProperties("registry.auth")
public record AccessProperties(@DefaultValue("urn:model-registry") String issuer,
                               @DefaultValue("15m") Duration accessTokenTtl,
                               @DefaultValue("30d") Duration refreshTokenTtl,
                               @DefaultValue("30s") Duration clockSkew,
                               URI registryJwkSetUri,
                               @DefaultValue Oidc oidc) {

    public AccessProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("registry.auth.issuer must not be empty");
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("registry.auth.access-token-ttl must be positive");
        }
        if (refreshTokenTtl.isNegative() || refreshTokenTtl.isZero()) {
            throw new IllegalArgumentException("registry.auth.refresh-token-ttl must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("registry.auth.clock-skew must not be negative");
        }
        if (oidc.issuerUri() != null && issuer.equals(oidc.issuerUri())) {
            throw new IllegalArgumentException("registry.auth.oidc.issuer-uri must differ from registry.auth.issuer");
        }
    }

    /**
     * @param issuerUri      the issuer ({@code iss}) of the external tokens; its
     *                       {@code /.well-known/openid-configuration} names the key set unless
     *                       {@code jwk-set-uri} is set
     * @param jwkSetUri      the issuer's key set, skipping discovery (with no {@code issuer-uri}, every JWT
     *                       not issued by this registry is checked against this key set and its issuer
     *                       is not checked)
     * @param audience       when set, the external token's {@code aud} must contain it
     * @param principalClaim the claim that names the principal; {@code sub} when the token lacks it
     * @param jwsAlgorithms  the signature algorithms accepted from the external issuer (asymmetric only)
     */
    public record Oidc(URI issuerUri, URI jwkSetUri, String audience,
                       @DefaultValue("preferred_username") String principalClaim,
                       @DefaultValue("RS256") List<String> jwsAlgorithms) {

        /** Public-key algorithms only: a shared-secret (HS*) or {@code none} algorithm is never accepted. */
        static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                "ES256", "ES384", "ES512");

        public Oidc {
            if (principalClaim == null || principalClaim.isBlank()) {
                throw new IllegalArgumentException("registry.auth.oidc.principal-claim must not be empty");
            }
            if (audience != null && audience.isBlank()) {
                audience = null;
            }
            jwsAlgorithms = List.copyOf(jwsAlgorithms);
            if (jwsAlgorithms.isEmpty()) {
                throw new IllegalArgumentException("registry.auth.oidc.jws-algorithms must not be empty");
            }
            for (String algorithm : jwsAlgorithms) {
                if (!ALLOWED_ALGORITHMS.contains(algorithm)) {
                    throw new IllegalArgumentException("registry.auth.oidc.jws-algorithms: " + algorithm
                            + " is not one of " + ALLOWED_ALGORITHMS);
                }
            }
        }

        /** Whether an external issuer is configured at all. */
        public boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }
    }
}
