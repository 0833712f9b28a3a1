package dev.modelregistry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServicesConfigTest {

    @Test
    void serverSettingsAreKeyValuePairsSeparatedBySemicolonsKeepingCommasInValues() {
        assertThat(ServicesConfig.parseSettings(ServicesConfig.POSTGRES_SETTINGS,
                "shared_preload_libraries=pg_stat_statements,auto_explain; log_min_duration_statement = 100;"))
                .containsExactly(
                        java.util.Map.entry("shared_preload_libraries", "pg_stat_statements,auto_explain"),
                        java.util.Map.entry("log_min_duration_statement", "100"));
    }

    @Test
    void aSettingWithoutAValueIsRefusedNamingTheSettingAndThePart() {
        assertThatThrownBy(() -> ServicesConfig.parseSettings(ServicesConfig.KAFKA_SETTINGS, "fsync"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry.services.kafka.settings").hasMessageContaining("'fsync'");
    }
}
