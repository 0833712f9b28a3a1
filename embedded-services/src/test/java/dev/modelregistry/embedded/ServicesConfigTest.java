package dev.modelregistry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServicesConfigTest {

    @Test
    void postgresSettingsAreKeyValuePairsSeparatedBySemicolonsKeepingCommasInValues() {
        assertThat(ServicesConfig.parseSettings(
                "shared_preload_libraries=pg_stat_statements,auto_explain; log_min_duration_statement = 100;"))
                .containsExactly(
                        java.util.Map.entry("shared_preload_libraries", "pg_stat_statements,auto_explain"),
                        java.util.Map.entry("log_min_duration_statement", "100"));
    }

    @Test
    void aPostgresSettingWithoutAValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> ServicesConfig.parseSettings("fsync"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry.services.postgres.settings").hasMessageContaining("'fsync'");
    }
}
