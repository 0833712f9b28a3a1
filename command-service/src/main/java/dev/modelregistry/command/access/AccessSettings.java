package dev.modelregistry.command.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command side's own authentication settings, {@code registry.auth.*} next to the access module's
 * (issuer, token lifetimes, OIDC; access/README.md). Documented in command-service/README.md.
 *
 * @param sessionMaxAge   a sign-in lasts at most this long, however often its refresh token is rotated
 * @param bcryptStrength  bcrypt's cost (log2 rounds), 10 to 16
 * @param apiTokens       API token lifetimes
 * @param bootstrapAdmin  the first administrator of an empty registry
 * @param stateCacheTtl   how long an API token's row and a principal's roles are reused between requests;
 *                        changes made through this instance count at once, changes made through another
 *                        command-service instance within this time; zero turns the reuse off
 */
@ConfigurationProperties("registry.auth")
public record AccessSettings(@DefaultValue("P7D") Duration sessionMaxAge,
                             @DefaultValue("12") int bcryptStrength,
                             @DefaultValue ApiTokens apiTokens,
                             @DefaultValue BootstrapAdmin bootstrapAdmin,
                             @DefaultValue("PT1S") Duration stateCacheTtl) {

    public AccessSettings {
        if (sessionMaxAge.isNegative() || sessionMaxAge.isZero()) {
            throw new IllegalArgumentException("registry.auth.session-max-age must be positive");
        }
        if (bcryptStrength < 10 || bcryptStrength > 16) {
            throw new IllegalArgumentException("registry.auth.bcrypt-strength must be between 10 and 16");
        }
        if (stateCacheTtl.isNegative()) {
            throw new IllegalArgumentException("registry.auth.state-cache-ttl must not be negative");
        }
    }

    /**
     * @param defaultExpiry   lifetime of a token requested without {@code expires_in_days}
     * @param maxExpiryDays   the longest lifetime a token may be given
     * @param lastUsedInterval a token's last use is written at most once per interval (not on every request)
     */
    public record ApiTokens(@DefaultValue("P90D") Duration defaultExpiry,
                            @DefaultValue("3650") int maxExpiryDays,
                            @DefaultValue("PT1M") Duration lastUsedInterval) {

        public ApiTokens {
            if (defaultExpiry.isNegative() || defaultExpiry.isZero()) {
                throw new IllegalArgumentException("registry.auth.api-tokens.default-expiry must be positive");
            }
            if (maxExpiryDays < 1) {
                throw new IllegalArgumentException("registry.auth.api-tokens.max-expiry-days must be at least 1");
            }
        }
    }

    /**
     * @param enabled  create the first administrator when the registry has no user at all
     * @param username its username
     * @param password its password; when empty a random one is generated and printed once to the log
     */
    public record BootstrapAdmin(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("admin") String username,
                                 String password) {

        public BootstrapAdmin {
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }

        @Override
        public String toString() {
            // never print the configured password
            return "BootstrapAdmin[enabled=" + enabled + ", username=" + username + ", password="
                    + (password == null ? "(generated)" : "(set)") + "]";
        }
    }
}
