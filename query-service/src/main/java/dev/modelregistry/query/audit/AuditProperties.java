package dev.modelregistry.query.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit chain endpoints, prefix {@code registry.query.audit}.
 *
 * @param verifyPageSize rows {@code audit:verify} reads per statement (its memory is bounded by this)
 * @param streamPageSize rows {@code audit/stream} reads and sends per page (flushed after each page)
 * @param streamPollInterval how often a {@code follow=true} stream looks for new rows once it caught up
 * @param streamMaxDuration how long a {@code follow=true} stream stays open before it ends; the client
 *                          reconnects with {@code from_seq} = its last {@code chain_seq} + 1
 */
@ConfigurationProperties("registry.query.audit")
record AuditProperties(
        @DefaultValue("1000") int verifyPageSize,
        @DefaultValue("500") int streamPageSize,
        @DefaultValue("1s") Duration streamPollInterval,
        @DefaultValue("10m") Duration streamMaxDuration) {

    AuditProperties {
        if (verifyPageSize < 1 || streamPageSize < 1) {
            throw new IllegalArgumentException("registry.query.audit page sizes must be at least 1");
        }
        if (streamPollInterval.isNegative() || streamPollInterval.isZero() || streamMaxDuration.isNegative()) {
            throw new IllegalArgumentException("registry.query.audit durations must be positive");
        }
    }
}
