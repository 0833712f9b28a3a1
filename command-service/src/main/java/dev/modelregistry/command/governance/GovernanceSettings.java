package dev.modelregistry.command.governance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code registry.governance.*}: deprecation pressure. A model without a new version for
 * {@code warn-after} (default 180 days) gets a {@code ModelDeprecationWarned}, and one without a new
 * version for {@code expire-after} (default 365 days, after its last version) a {@code ModelExpired};
 * the job looks every {@code check-interval} (default 1 hour) and handles at most {@code batch-size}
 * models per run and step.
 */
@ConfigurationProperties("registry.governance")
public record GovernanceSettings(@DefaultValue Deprecation deprecation) {

    public record Deprecation(@DefaultValue("true") boolean enabled,
                              @DefaultValue("180d") Duration warnAfter,
                              @DefaultValue("365d") Duration expireAfter,
                              @DefaultValue("1h") Duration checkInterval,
                              @DefaultValue("1000") int batchSize) {

        public Deprecation {
            if (warnAfter.isNegative() || expireAfter.compareTo(warnAfter) < 0) {
                throw new IllegalArgumentException("registry.governance.deprecation: expire-after must be at least "
                        + "warn-after, and both positive");
            }
            if (checkInterval.isNegative() || checkInterval.isZero() || batchSize < 1) {
                throw new IllegalArgumentException("registry.governance.deprecation: check-interval and batch-size "
                        + "must be positive");
            }
        }
    }
}
