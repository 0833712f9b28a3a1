package dev.modelregistry.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/** {@link AccessTokens} signed RS256 with {@link SigningKeys#current()}, its key id in the header. */
final class RegistryAccessTokens implements AccessTokens {

    private final SigningKeys keys;
    private final AccessProperties properties;
    private final Clock clock;

    RegistryAccessTokens(SigningKeys keys, AccessProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(String username, String sessionId) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        RSAKey key = keys.current();
        if (key.getKeyID() == null) {
            throw new IllegalStateException("the current signing key has no key id");
        }
        // JWT times are whole seconds: truncate so that expiresAt is exactly the token's exp
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(username)
                .claim("sid", sessionId)
                .jwtID(tokenId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the access token could not be signed", e);
        }
        return new IssuedToken(jwt.serialize(), tokenId, expiresAt);
    }
}
