package dev.modelregistry.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresDuplicateKeyResolverTest {

    private final PostgresDuplicateKeyResolver resolver = new PostgresDuplicateKeyResolver();

    @Test
    void unique_violation_anywhere_in_the_cause_chain_is_a_duplicate_key() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(resolver.isDuplicateKeyViolation(unique)).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(new RuntimeException(unique)))).isTrue();
        SQLException batch = new SQLException("batch entry failed", "XX000");
        batch.setNextException(unique);
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();
    }

    @Test
    void other_failures_are_not() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("not null", "23502"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("connection", "08006"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException())).isFalse();
    }
}
