package dev.modelregistry.command.access;

import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashes: bcrypt (Spring Security's {@link BCryptPasswordEncoder}) of the base64 SHA-256 of the
 * password, stored as {@value #PREFIX}{@code <bcrypt hash>}. bcrypt reads only the first 72 bytes of
 * its input, so two long passwords sharing those bytes would match each other; hashing first to 44
 * ASCII characters makes every character of a password up to the policy's 1,024 count. The prefix
 * names the scheme, so another one can be introduced later and old hashes still checked.
 *
 * <p>{@link #matchesNobody} runs a full comparison against a hash of a random password, so that signing
 * in as an unknown user takes as long as a wrong password does.
 */
final class PasswordHasher {

    static final String PREFIX = "{bcrypt-sha256}";

    private final PasswordEncoder bcrypt;
    private final String dummyHash;

    PasswordHasher(int strength) {
        this.bcrypt = new BCryptPasswordEncoder(strength);
        this.dummyHash = hash(Secrets.randomToken(24));
    }

    String hash(String password) {
        return PREFIX + bcrypt.encode(preHash(password));
    }

    boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null || !storedHash.startsWith(PREFIX)) {
            matchesNobody(password == null ? "" : password);
            return false;
        }
        return bcrypt.matches(preHash(password), storedHash.substring(PREFIX.length()));
    }

    /** Spends the time of one comparison and answers false. */
    boolean matchesNobody(String password) {
        bcrypt.matches(preHash(password), dummyHash.substring(PREFIX.length()));
        return false;
    }

    private static String preHash(String password) {
        return Base64.getEncoder().encodeToString(Secrets.sha256(password));
    }
}
