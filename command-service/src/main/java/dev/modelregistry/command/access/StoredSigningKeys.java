package dev.modelregistry.command.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.modelregistry.access.SigningKeys;
import dev.modelregistry.command.access.AccessTables.KeyRow;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's token signing keys, kept in {@code signing_key}. On start, under an advisory lock (so
 * that two instances starting together make one key), the newest key is loaded, or an RSA 2048 key pair
 * is generated and stored when there is none. The key id is the key's JWK thumbprint (RFC 7638). The
 * private key is never logged and never leaves this class except to sign; {@link #publicKeys()} holds
 * only public keys. Rotation (a new row; the old one stays published until its tokens expired) needs
 * no code change: every stored key is published, the newest signs.
 */
final class StoredSigningKeys implements SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(StoredSigningKeys.class);

    private final RSAKey current;
    private final JWKSet publicKeys;

    StoredSigningKeys(AccessTables tables, TransactionManager transactions, Clock clock) {
        List<KeyRow> rows = transactions.fetchInTransaction(() -> {
            tables.lock("signing-keys");
            List<KeyRow> stored = tables.signingKeys();
            if (stored.isEmpty()) {
                RSAKey generated = generate();
                try {
                    tables.insertSigningKey(generated.getKeyID(), generated.toRSAPrivateKey().getEncoded(),
                            generated.toRSAPublicKey().getEncoded(), clock.instant());
                } catch (JOSEException e) {
                    throw new IllegalStateException("cannot encode the new signing key", e);
                }
                log.info("Generated the token signing key {} (RSA 2048)", generated.getKeyID());
                stored = tables.signingKeys();
            }
            return stored;
        });
        List<JWK> published = new ArrayList<>();
        RSAKey newest = null;
        for (KeyRow row : rows) {
            RSAKey key = decode(row);
            if (newest == null && row.retiredAt() == null) {
                newest = key;
            }
            published.add(key.toPublicJWK());
        }
        if (newest == null) {
            throw new IllegalStateException("every stored signing key is retired; store a new one");
        }
        this.current = newest;
        this.publicKeys = new JWKSet(published);
    }

    @Override
    public RSAKey current() {
        return current;
    }

    @Override
    public JWKSet publicKeys() {
        return publicKeys;
    }

    private static RSAKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return build((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate(), null);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    private static RSAKey decode(KeyRow row) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(row.publicKey()));
            RSAPrivateKey privateKey = (RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(row.privateKey()));
            return build(publicKey, privateKey, row.keyId());
        } catch (GeneralSecurityException | JOSEException e) {
            // the message names the key id only, never key material
            throw new IllegalStateException("signing key " + row.keyId() + " cannot be read", e);
        }
    }

    private static RSAKey build(RSAPublicKey publicKey, RSAPrivateKey privateKey, String keyId) throws JOSEException {
        RSAKey.Builder builder = new RSAKey.Builder(publicKey).privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
        if (keyId != null) {
            return builder.keyID(keyId).build();
        }
        return builder.keyIDFromThumbprint().build();
    }
}
