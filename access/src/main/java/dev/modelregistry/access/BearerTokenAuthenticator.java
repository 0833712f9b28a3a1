package dev.modelregistry.access;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.function.SingletonSupplier;

/**
 * Authenticates a bearer token by its kind: an API token ({@code mrt_...}) through the
 * {@link ApiTokenVerifier}; a JWT issued by this registry ({@code iss} = {@code registry.auth.issuer})
 * against the registry's keys (the {@link SigningKeys} in this JVM, else the key set at
 * {@code registry.auth.registry-jwk-set-uri}), RS256 only, with a live {@code sid}; a JWT of the
 * configured OIDC issuer against that issuer's key set. Anything else is an invalid token. The unverified
 * {@code iss} only chooses the keys: every path verifies the signature and the claims.
 */
final class BearerTokenAuthenticator implements AuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenAuthenticator.class);

    /** Fixed texts: the real reason is logged at debug level, never answered. */
    static final String REFUSED = "The bearer token was refused: it is malformed, unsigned, expired, not yet valid, "
            + "revoked, from an issuer this registry does not trust, or not signed by a trusted key.";

    private final AccessProperties properties;
    // resolved once (a bean lookup on every request cost ~5 % of a request's CPU); looked up again while absent
    private final Supplier<ApiTokenVerifier> apiTokens;
    private final Supplier<SessionStatus> sessions;
    private final Supplier<Optional<JwtDecoder>> registryDecoder;
    private final JwtDecoder oidcDecoder;

    BearerTokenAuthenticator(AccessProperties properties, ObjectProvider<SigningKeys> signingKeys,
                             ObjectProvider<ApiTokenVerifier> apiTokens, ObjectProvider<SessionStatus> sessions) {
        this.properties = properties;
        this.apiTokens = SingletonSupplier.of(apiTokens::getIfAvailable);
        this.sessions = SingletonSupplier.of(sessions::getIfAvailable);
        // resolved at the first token: the signing keys may live in a database that starts later
        this.registryDecoder = SingletonSupplier.of(() -> Optional.ofNullable(registryDecoder(properties, signingKeys)));
        this.oidcDecoder = properties.oidc().enabled() ? oidcDecoder(properties) : null;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return null;
        }
        String token = bearer.getToken();
        try {
            RegistryPrincipal principal = token.startsWith(ApiTokenVerifier.PREFIX) ? apiToken(token) : jwt(token);
            return new RegistryAuthentication(principal);
        } catch (AuthenticationException e) {
            throw e;
        } catch (BadJwtException e) {
            throw invalid(e.getMessage());
        } catch (RuntimeException e) {
            // a key set, credential store or session store that did not answer: the token may be good
            log.warn("A bearer token could not be checked: {}", e.toString());
            throw new AuthenticationUnavailableException("token could not be checked", e);
        }
    }

    private RegistryPrincipal apiToken(String token) {
        ApiTokenVerifier verifier = apiTokens.get();
        if (verifier == null) {
            throw invalid("API tokens are not accepted by this service");
        }
        RegistryPrincipal principal = verifier.verify(token).orElseThrow(() -> invalid("unknown or revoked API token"));
        if (principal.method() != RegistryPrincipal.Method.API_TOKEN) {
            throw new IllegalStateException("an API token verifier answered a principal of method " + principal.method());
        }
        return principal;
    }

    private RegistryPrincipal jwt(String token) {
        String issuer = unverifiedIssuer(token);
        if (properties.issuer().equals(issuer)) {
            return registryToken(token);
        }
        if (oidcDecoder != null && (properties.oidc().issuerUri() == null
                || properties.oidc().issuerUri().toString().equals(issuer))) {
            return oidcToken(token);
        }
        throw invalid("untrusted issuer " + issuer);
    }

    private RegistryPrincipal registryToken(String token) {
        JwtDecoder decoder = registryDecoder.get()
                .orElseThrow(() -> invalid("no registry keys: neither SigningKeys nor registry-jwk-set-uri"));
        Jwt jwt = decoder.decode(token);
        String sessionId = jwt.getClaimAsString("sid");
        SessionStatus status = sessions.get();
        if (status != null && !status.isActive(sessionId)) {
            throw invalid("session ended");
        }
        return new RegistryPrincipal(jwt.getSubject(), RegistryPrincipal.Method.REGISTRY_TOKEN, jwt.getId(), sessionId);
    }

    private RegistryPrincipal oidcToken(String token) {
        Jwt jwt = oidcDecoder.decode(token);
        String name = jwt.getClaimAsString(properties.oidc().principalClaim());
        if (name == null || name.isBlank()) {
            name = jwt.getSubject();
        }
        if (name == null || name.isBlank()) {
            throw invalid("no " + properties.oidc().principalClaim() + " and no sub");
        }
        // the issuer's own session id means nothing to this registry's sessions
        return new RegistryPrincipal(name, RegistryPrincipal.Method.OIDC, jwt.getId(), null);
    }

    /** Only JWS tokens go further: plain ({@code alg: none}) and encrypted tokens are refused here. */
    private static String unverifiedIssuer(String token) {
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT)) {
                throw invalid("not a signed JWT");
            }
            return parsed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw invalid("not a JWT");
        }
    }

    static InvalidBearerTokenException invalid(String reason) {
        log.debug("Bearer token refused: {}", reason);
        return new InvalidBearerTokenException(REFUSED);
    }

    private static JwtDecoder registryDecoder(AccessProperties properties, ObjectProvider<SigningKeys> signingKeys) {
        SigningKeys keys = signingKeys.getIfUnique();
        NimbusJwtDecoder decoder;
        if (keys != null) {
            // the current key set on every token: a rotation is seen at once
            JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.publicKeys());
            decoder = NimbusJwtDecoder.withJwkSource(source).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else if (properties.registryJwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.registryJwkSetUri().toString())
                    .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else {
            log.warn("Registry access tokens are refused: this service has no SigningKeys and "
                    + "registry.auth.registry-jwk-set-uri is not set");
            return null;
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(timestamps(properties, true));
        validators.add(new JwtIssuerValidator(properties.issuer()));
        for (String claim : List.of("sub", "sid", "jti")) {
            validators.add(new JwtClaimValidator<Object>(claim, value -> value instanceof String s && !s.isBlank()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static JwtDecoder oidcDecoder(AccessProperties properties) {
        AccessProperties.Oidc oidc = properties.oidc();
        // built at the first external token, so that the registry starts while the issuer is down
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder = oidc.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString())
                    : NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri().toString());
            NimbusJwtDecoder decoder = builder.jwsAlgorithms(algorithms -> {
                algorithms.clear();
                oidc.jwsAlgorithms().forEach(name -> algorithms.add(Objects.requireNonNull(SignatureAlgorithm.from(name))));
            }).build();
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(timestamps(properties, false));
            if (oidc.issuerUri() != null) {
                validators.add(new JwtIssuerValidator(oidc.issuerUri().toString()));
            }
            if (oidc.audience() != null) {
                validators.add(new JwtAudienceValidator(oidc.audience()));
            }
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return decoder;
        });
    }

    /** {@code exp} required, {@code nbf} when present, {@code iat} not in the future; all with the skew. */
    private static List<OAuth2TokenValidator<Jwt>> timestamps(AccessProperties properties, boolean issuedAtRequired) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        // Spring's JwtIssuedAtValidator also refuses an iat older than the skew (it is meant for proofs)
        OAuth2TokenValidator<Jwt> issuedAt = jwt -> {
            Instant issued = jwt.getIssuedAt();
            if (issued == null ? issuedAtRequired : issued.isAfter(Instant.now().plus(properties.clockSkew()))) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        issued == null ? "iat missing" : "iat in the future", null));
            }
            return OAuth2TokenValidatorResult.success();
        };
        return List.of(timestamps, issuedAt);
    }
}
