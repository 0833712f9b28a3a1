package dev.modelregistry.projection.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.modelregistry.embedded.EmbeddedPostgres;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.core.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Throughput of {@link PostgresProjector#apply} alone on an embedded PostgreSQL (no Kafka): opt in
 * with {@code -Dprojections.bench=true} ({@code -Dprojections.bench.models=N}, 9 events per model).
 */
class PostgresProjectorBenchmark {

    @Test
    void applyThroughput() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("projections.bench"), "opt in with -Dprojections.bench=true");
        int models = Integer.getInteger("projections.bench.models", 5_000);
        int batch = Integer.getInteger("projections.bench.batch", 1_000);
        if (Boolean.getBoolean("projections.bench.debug")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PostgresBatch.class))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PostgresProjector.class))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        Path dir = Files.createTempDirectory("pg-bench");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder(dir).build().start();
             HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(postgres.jdbcUrl());
            dataSource.setUsername(postgres.username());
            dataSource.setPassword(postgres.password());
            ReadModelDatabase database = ReadModelDatabase.live(dataSource);
            database.migrate();
            PostgresProjector projector = new PostgresProjector(database);

            TestEvents events = new TestEvents();
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                String name = "bench-" + m;
                add(records, events.next(new ModelRegistered(name, "bench", "team", Map.of("k", "v"))));
                for (int v = 1; v <= 4; v++) {
                    add(records, events.next(TestEvents.version(name, v)));
                }
                add(records, events.next(new VersionStageTransitioned(name, 1, Stage.NONE, Stage.STAGING)));
                add(records, events.next(new VersionStageTransitioned(name, 1, Stage.STAGING, Stage.PRODUCTION)));
                add(records, events.next(new VersionStageTransitioned(name, 2, Stage.NONE, Stage.STAGING)));
                add(records, events.next(new AliasAssigned(name, "champion", 1, null)));
            }
            // warm up on the first 10 %, then measure the rest
            int warm = records.size() / 10;
            for (int i = 0; i < warm; i += batch) {
                projector.apply(records.subList(i, Math.min(warm, i + batch)));
            }
            long t0 = System.nanoTime();
            int applied = 0;
            for (int i = warm; i < records.size(); i += batch) {
                Projector.BatchResult result = projector.apply(records.subList(i, Math.min(records.size(), i + batch)));
                applied += result.applied();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH PostgresProjector.apply: %d events in %.2f s = %.0f events/s (batches of %d)%n",
                    applied, seconds, applied / seconds, batch);
            assertThat(applied).isEqualTo(records.size() - warm);
        }
    }

    private static void add(List<ConsumerRecord<String, byte[]>> records, EventEnvelope envelope) {
        records.add(TestEvents.record(0, records.size(), envelope));
    }
}
