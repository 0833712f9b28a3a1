package dev.modelregistry.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.embedded.RegistryServices;
import dev.modelregistry.embedded.ServiceEndpoints;
import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.projection.rebuild.ReadModelRebuild;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The projections application against real PostgreSQL, Kafka (two partitions) and Elasticsearch
 * started by embedded-services: projection of every event kind, duplicates and poison records,
 * replaying the same records twice, a rebuild over HTTP, and the throughput of the PostgreSQL projector.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionsIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsIntegrationTest.class);
    private static final String TOPIC = "registry.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLES = List.of("model", "model_version", "version_dataset", "version_parent",
            "stage_history", "alias_history", "audit_log", "projection_failure");

    private static ServiceEndpoints endpoints;
    private static KafkaProducer<String, byte[]> producer;
    private static ConfigurableApplicationContext context;
    private static final TestEvents events = new TestEvents();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        endpoints = RegistryServices.shared().endpoints();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers(),
                "acks", "all", "linger.ms", 5), new StringSerializer(), new ByteArraySerializer());
        context = new SpringApplicationBuilder(ProjectionsApplication.class)
                .properties("spring.config.name=projections")
                .run("--server.port=0",
                        "--spring.datasource.url=" + endpoints.jdbcUrl(),
                        "--spring.datasource.username=" + endpoints.username(),
                        "--spring.datasource.password=" + endpoints.password(),
                        "--spring.kafka.bootstrap-servers=" + endpoints.kafkaBootstrapServers(),
                        "--registry.search.url=" + endpoints.elasticsearchUrl());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void projectsEveryKindOfEventIntoPostgresAndSearch() throws Exception {
        send(events.next(new ModelRegistered("fraud", "detects fraud", "risk", Map.of("domain", "payments"))));  // 1
        send(events.next(new ModelRegistered("churn", "predicts churn", "growth", Map.of())));                   // 2
        send(events.next(TestEvents.version("fraud", 1)));                                                       // 3
        send(events.next(TestEvents.version("fraud", 2)));                                                       // 4
        send(events.next(TestEvents.version("fraud", 3, new VersionReference("fraud", 1))));                     // 5
        send(events.next(TestEvents.version("churn", 1)));                                                       // 6
        send(events.next(new VersionStageTransitioned("fraud", 1, Stage.NONE, Stage.STAGING), "bob"));          // 7
        send(events.next(new VersionStageTransitioned("fraud", 1, Stage.STAGING, Stage.PRODUCTION), "bob"));    // 8
        send(events.next(new VersionStageTransitioned("fraud", 2, Stage.NONE, Stage.STAGING)));                 // 9
        send(events.next(new ModelUpdated("fraud", "detects card fraud", Map.of("domain", "cards"))));           // 10
        send(events.next(new AliasAssigned("fraud", "champion", 1, null)));                                      // 11
        EventEnvelope move = events.next(new AliasAssigned("fraud", "champion", 2, 1));                          // 12
        send(move);
        send(move); // the publisher resent it
        send(events.next(new AliasAssigned("fraud", "challenger", 3, null)));                                    // 13
        send(events.next(new AliasRemoved("fraud", "challenger", 3)));                                           // 14
        send(events.next(new VersionDeleted("fraud", 3)));                                                       // 15
        send(events.next(new VersionStageTransitioned("fraud", 1, Stage.PRODUCTION, Stage.ARCHIVED)));          // 16
        send(events.next(new VersionRestored("fraud", 1)));                                                      // 17
        send(events.next(new ModelDeleted("churn")));                                                            // 18
        sendPoison("fraud", "dev.modelregistry.model.renamed", "{\"model\":\"fraud\"}", events.reserve());   // 19
        sendPoison("fraud", "dev.modelregistry.model.updated", "{not json", events.reserve());                  // 20
        producer.flush();
        long last = events.position();

        ProjectionProgress progress = context.getBean(ProjectionProgress.class);
        assertThat(progress.awaitReached(ProjectionProgress.POSTGRES, last, Duration.ofSeconds(30))).isTrue();
        assertThat(progress.awaitReached(ProjectionProgress.SEARCH, last, Duration.ofSeconds(30))).isTrue();
        // 20 (parked) was the last record: everything before it on its partition is applied
        assertThat(progress.positionOf(ProjectionProgress.POSTGRES)).isEqualTo(last);
        assertThat(progress.partitions(ProjectionProgress.POSTGRES)).hasSize(2);

        List<Map<String, Object>> models = query("select name, description, tags::text, latest_version, deleted_at is not null as deleted, last_position, updated_by from read_model.model order by name");
        assertThat(models).hasSize(2);
        assertThat(models.get(0)).containsEntry("name", "churn").containsEntry("deleted", true);
        assertThat(models.get(1)).containsEntry("name", "fraud").containsEntry("description", "detects card fraud")
                .containsEntry("tags", "{\"domain\": \"cards\"}").containsEntry("latest_version", 3)
                .containsEntry("deleted", false).containsEntry("last_position", 17L);

        List<Map<String, Object>> versions = query("select model, version, stage, deleted_at is not null as deleted, params->>'max_depth' as depth, metrics->>'auc' as auc, data_from is not null as window from read_model.model_version order by model, version");
        assertThat(versions).extracting(v -> v.get("model") + "@" + v.get("version") + ":" + v.get("stage") + ":" + v.get("deleted"))
                .containsExactly("churn@1:None:true", "fraud@1:None:false", "fraud@2:Staging:false", "fraud@3:None:true");
        assertThat(versions.get(1)).containsEntry("depth", "8").containsEntry("auc", "0.8").containsEntry("window", true);
        assertThat(query("select count(*) as n from read_model.version_dataset")).first().isEqualTo(Map.of("n", 8L));
        assertThat(query("select model, version, parent_model, parent_version from read_model.version_parent"))
                .containsExactly(Map.of("model", "fraud", "version", 3, "parent_model", "fraud", "parent_version", 1));

        assertThat(query("select stage, from_position, to_position from read_model.stage_history where model = 'fraud' and version = 1 order by from_position"))
                .extracting(r -> r.get("stage") + "[" + r.get("from_position") + "," + r.get("to_position") + ")")
                .containsExactly("None[3,7)", "Staging[7,8)", "Production[8,16)", "Archived[16,17)", "None[17,null)");
        assertThat(query("select to_position from read_model.stage_history where model = 'churn'"))
                .extracting(r -> r.get("to_position")).containsExactly(18L);
        assertThat(query("select to_position from read_model.stage_history where model = 'fraud' and version = 3"))
                .extracting(r -> r.get("to_position")).containsExactly(15L);
        assertThat(query("select alias, version, from_position, to_position from read_model.alias_history order by from_position"))
                .extracting(r -> r.get("alias") + "->" + r.get("version") + "[" + r.get("from_position") + "," + r.get("to_position") + ")")
                .containsExactly("champion->1[11,12)", "champion->2[12,null)", "challenger->3[13,14)");

        List<Map<String, Object>> audit = query("select position, event_type, actor, reason, before_state::text as before, after_state::text as after from read_model.audit_log order by position");
        assertThat(audit).hasSize(18);
        assertThat(audit.get(7)).containsEntry("position", 8L).containsEntry("actor", "bob")
                .containsEntry("before", "{\"stage\": \"Staging\"}").containsEntry("after", "{\"stage\": \"Production\"}")
                .containsEntry("reason", "because 8");
        assertThat(audit.get(9)).containsEntry("before", "{\"tags\": {\"domain\": \"payments\"}, \"description\": \"detects fraud\"}");
        assertThat(audit.get(11)).containsEntry("before", "{\"version\": 1}").containsEntry("after", "{\"version\": 2}");

        List<Map<String, Object>> failures = query("select projector, event_type, position, error from read_model.projection_failure order by projector, position");
        assertThat(failures).extracting(f -> f.get("projector") + ":" + f.get("position"))
                .containsExactly("postgres:19", "postgres:20", "search:19", "search:20");
        assertThat((String) failures.get(0).get("error")).contains("unknown event type");

        JsonNode champion = document("fraud@2");
        assertThat(champion.get("found").asBoolean()).isTrue();
        assertThat(champion.get("_version").asLong()).isEqualTo(12);
        assertThat(champion.at("/_source/stage").asText()).isEqualTo("Staging");
        assertThat(champion.at("/_source/aliases")).extracting(JsonNode::asText).containsExactly("champion");
        JsonNode one = document("fraud@1");
        assertThat(one.at("/_source/stage").asText()).isEqualTo("None");
        assertThat(one.at("/_source/aliases")).isEmpty();
        assertThat(one.get("_version").asLong()).isEqualTo(17);
        assertThat(document("fraud@3").get("found").asBoolean()).isFalse();
        assertThat(document("churn@1").get("found").asBoolean()).isFalse();
        JsonNode hits = search("{\"query\":{\"bool\":{\"filter\":[{\"range\":{\"metrics.accuracy\":{\"gte\":0.9}}},"
                + "{\"term\":{\"tags.team\":\"fraud\"}},{\"match\":{\"model.text\":\"fraud\"}}]}}}");
        assertThat(hits.at("/hits/hits")).extracting(h -> h.get("_id").asText()).containsExactlyInAnyOrder("fraud@1", "fraud@2");
    }

    @Test
    @Order(2)
    void replayingTheSameRecordsChangesNothing() throws Exception {
        Map<String, String> before = snapshot("read_model");
        List<ConsumerRecord<String, byte[]>> records = readTopic();
        PostgresProjector live = context.getBean(PostgresProjector.class);
        Projector.BatchResult again = live.apply(records);
        assertThat(again.applied()).isZero();
        assertThat(again.duplicates()).isEqualTo(records.size() - 2);
        assertSameTables(snapshot("read_model"), before);

        // the same records into a fresh schema, twice: the same read model as the live one
        DataSource dataSource = context.getBean(DataSource.class);
        ReadModelDatabase fresh = ReadModelDatabase.schema(dataSource, "read_model_replay");
        fresh.dsl().execute("drop schema if exists read_model_replay cascade");
        fresh.migrate();
        PostgresProjector projector = new PostgresProjector(fresh);
        projector.apply(records.subList(0, 7));
        projector.apply(records.subList(7, records.size()));
        Map<String, String> once = snapshot("read_model_replay");
        assertSameTables(once, snapshot("read_model", true));
        projector.apply(records);
        assertSameTables(snapshot("read_model_replay"), once);
        fresh.dsl().execute("drop schema read_model_replay cascade");
    }

    @Test
    @Order(3)
    void rebuildOverHttpGivesTheSameReadModelsAndSwitchesOver() throws Exception {
        Map<String, String> tables = snapshot("read_model");
        Map<String, String> documents = allDocuments();
        String indexBefore = indexOfAlias();

        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/admin/read-models:rebuild?wait=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.at("/summary/events_replayed").asLong()).isEqualTo(21);

        assertSameTables(snapshot("read_model"), tables);
        assertThat(indexOfAlias()).isNotEqualTo(indexBefore);
        assertThat(allDocuments()).isEqualTo(documents);
        assertThat(query("select schema_name from information_schema.schemata where schema_name like 'read\\_model%'"))
                .extracting(r -> r.get("schema_name")).containsExactly("read_model");
        // the swapped-in schema is a normal migrated schema for the next start
        dev.modelregistry.readmodel.ReadModelSchema.migrate(context.getBean(DataSource.class), "read_model");
        assertThat(get("http://127.0.0.1:" + port + "/actuator/health").body()).contains("UP");
        HttpResponse<String> statusPage = get("http://127.0.0.1:" + port + "/api/v1/admin/read-models/rebuild");
        assertThat(JSON.readTree(statusPage.body()).get("state").asText()).isEqualTo("SUCCEEDED");
        HttpResponse<String> actuator = get("http://127.0.0.1:" + port + "/actuator/readmodelrebuild");
        assertThat(actuator.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(actuator.body()).get("events_replayed").asLong()).isEqualTo(21);

        // the live projectors resume from the offsets of the new schema
        send(events.next(new VersionStageTransitioned("fraud", 2, Stage.STAGING, Stage.PRODUCTION)));
        producer.flush();
        ProjectionProgress progress = context.getBean(ProjectionProgress.class);
        assertThat(progress.awaitReached(ProjectionProgress.POSTGRES, events.position(), Duration.ofSeconds(30))).isTrue();
        assertThat(progress.awaitReached(ProjectionProgress.SEARCH, events.position(), Duration.ofSeconds(30))).isTrue();
        assertThat(query("select stage from read_model.model_version where model = 'fraud' and version = 2"))
                .first().isEqualTo(Map.of("stage", "Production"));
        assertThat(query("select count(*) as n from read_model.audit_log")).first().isEqualTo(Map.of("n", 19L));
        assertThat(document("fraud@2").at("/_source/stage").asText()).isEqualTo("Production");
    }

    @Test
    @Order(4)
    void throughput() throws Exception {
        int models = Integer.getInteger("projections.it.models", 600);
        long first = events.position() + 1;
        for (int m = 0; m < models; m++) {
            String name = "load-" + m;
            send(events.next(new ModelRegistered(name, "load", "bench", Map.of())));
            for (int v = 1; v <= 4; v++) {
                send(events.next(TestEvents.version(name, v)));
                send(events.next(new VersionStageTransitioned(name, v, Stage.NONE, Stage.STAGING)));
            }
        }
        producer.flush();
        long sent = System.nanoTime();
        long total = events.position() - first + 1;
        ProjectionProgress progress = context.getBean(ProjectionProgress.class);
        assertThat(progress.awaitReached(ProjectionProgress.POSTGRES, events.position(), Duration.ofMinutes(2))).isTrue();
        double live = total / ((System.nanoTime() - sent) / 1e9);
        assertThat(progress.awaitReached(ProjectionProgress.SEARCH, events.position(), Duration.ofMinutes(2))).isTrue();
        double liveSearch = total / ((System.nanoTime() - sent) / 1e9);

        // the projector alone, batches of 1,000 records, into a fresh schema
        List<ConsumerRecord<String, byte[]>> records = readTopic();
        DataSource dataSource = context.getBean(DataSource.class);
        ReadModelDatabase fresh = ReadModelDatabase.schema(dataSource, "read_model_bench");
        fresh.dsl().execute("drop schema if exists read_model_bench cascade");
        fresh.migrate();
        PostgresProjector projector = new PostgresProjector(fresh);
        long t0 = System.nanoTime();
        for (int i = 0; i < records.size(); i += 1_000) {
            projector.apply(records.subList(i, Math.min(records.size(), i + 1_000)));
        }
        double direct = records.size() / ((System.nanoTime() - t0) / 1e9);
        assertSameTables(snapshot("read_model_bench"), snapshot("read_model", true));
        fresh.dsl().execute("drop schema read_model_bench cascade");

        ReadModelRebuild.Summary rebuild = context.getBean(ReadModelRebuild.class).rebuild();
        log.info("THROUGHPUT: {} events; live PostgreSQL projector {} events/s (from flush to reached), live search {} events/s; "
                        + "PostgresProjector.apply alone {} events/s over {} records; rebuild (PostgreSQL + Elasticsearch) {} events/s",
                total, Math.round(live), Math.round(liveSearch), Math.round(direct), records.size(),
                Math.round(rebuild.eventsPerSecond()));
        assertThat(direct).isGreaterThan(1_000);
    }

    @Test
    @Order(5)
    void aRecordTheDatabaseRefusesIsParkedAndTheOthersOfItsBatchApplied() throws Exception {
        send(events.next(new ModelUpdated("load-0", "fine", Map.of())));
        long refused = events.position() + 1;
        send(events.next(new ModelUpdated("load-1", "not\u0000text", Map.of()))); // PostgreSQL text cannot hold NUL
        send(events.next(new ModelUpdated("load-2", "also fine", Map.of())));
        producer.flush();
        ProjectionProgress progress = context.getBean(ProjectionProgress.class);
        assertThat(progress.awaitReached(ProjectionProgress.POSTGRES, events.position(), Duration.ofSeconds(30))).isTrue();
        assertThat(query("select name, description from read_model.model where name in ('load-0', 'load-1', 'load-2') order by name"))
                .extracting(r -> r.get("description")).containsExactly("fine", "load", "also fine");
        assertThat(query("select position, error from read_model.projection_failure where projector = 'postgres' and position = " + refused))
                .singleElement().satisfies(r -> assertThat((String) r.get("error")).contains("database refused"));
        assertThat(query("select count(*) as n from read_model.audit_log where position > " + (refused - 2)))
                .first().isEqualTo(Map.of("n", 2L));
    }

    @Test
    @Order(6)
    void whileElasticsearchIsDownSearchWaitsAndResumesWithoutLosingEvents() throws Exception {
        var elasticsearch = RegistryServices.shared().elasticsearch();
        ProjectionProgress progress = context.getBean(ProjectionProgress.class);
        long before = progress.positionOf(ProjectionProgress.SEARCH);
        elasticsearch.stop();
        try {
            send(events.next(new VersionStageTransitioned("load-3", 1, Stage.STAGING, Stage.PRODUCTION)));
            send(events.next(new AliasAssigned("load-3", "champion", 1, null)));
            producer.flush();
            assertThat(progress.awaitReached(ProjectionProgress.POSTGRES, events.position(), Duration.ofSeconds(30))).isTrue();
            Thread.sleep(2_000);
            assertThat(progress.hasReached(ProjectionProgress.SEARCH, events.position())).isFalse();
            assertThat(progress.positionOf(ProjectionProgress.SEARCH)).isEqualTo(before);
        } finally {
            elasticsearch.start();
        }
        assertThat(progress.awaitReached(ProjectionProgress.SEARCH, events.position(), Duration.ofSeconds(60))).isTrue();
        JsonNode doc = document("load-3@1");
        assertThat(doc.at("/_source/stage").asText()).isEqualTo("Production");
        assertThat(doc.at("/_source/aliases")).extracting(JsonNode::asText).containsExactly("champion");
    }

    // ------------------------------------------------------------------ helpers

    private static void send(EventEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, envelope.subject(), envelope.body());
        envelope.kafkaHeaders().forEach((name, value) -> record.headers().add(name, value));
        producer.send(record);
    }

    private static void sendPoison(String model, String type, String body, long position) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, model, body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.SOURCE, "/model-registry");
        headers.put(CloudEventHeaders.SUBJECT, model);
        headers.put(CloudEventHeaders.TIME, TestEvents.time(position).toString());
        headers.put(CloudEventHeaders.SCHEMA_VERSION, "1");
        headers.put(CloudEventHeaders.POSITION, Long.toString(position));
        headers.put(CloudEventHeaders.ACTOR, "mallory");
        headers.put(CloudEventHeaders.CORRELATION_ID, "c");
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    private static List<ConsumerRecord<String, byte[]>> readTopic() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", endpoints.kafkaBootstrapServers(), "enable.auto.commit", false,
                "max.poll.records", 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<Map<String, Object>> query(String sql) throws Exception {
        DataSource dataSource = context.getBean(DataSource.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Every read-model table (progress aside) as one JSON text, rows sorted. */
    private static Map<String, String> snapshot(String schema) throws Exception {
        return snapshot(schema, false);
    }

    /** {@link #snapshot(String)}, with the PostgreSQL projector's failures only when {@code postgresOnly}. */
    private static Map<String, String> snapshot(String schema, boolean postgresOnly) throws Exception {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            String where = postgresOnly && table.equals("projection_failure") ? " where projector = 'postgres'" : "";
            String sql = "select coalesce(jsonb_agg(r order by r::text), '[]'::jsonb)::text as rows from "
                    + "(select to_jsonb(t) - 'failed_at' as r from " + schema + "." + table + " t" + where + ") x";
            tables.put(table, (String) query(sql).getFirst().get("rows"));
        }
        return tables;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSameTables(Map<String, String> actual, Map<String, String> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String table : expected.keySet()) {
            String a = actual.get(table);
            String e = expected.get(table);
            assertThat(a.equals(e)).as("table %s differs: %s", table, a.length() < 4000 ? a + "\n vs \n" + e : "(long)").isTrue();
        }
    }

    private static JsonNode document(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.elasticsearchUrl()
                        + "/registry-versions/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static JsonNode search(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.elasticsearchUrl()
                                + "/registry-versions/_search?size=1000"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Map<String, String> allDocuments() throws Exception {
        Map<String, String> documents = new java.util.TreeMap<>();
        for (JsonNode hit : search("{\"version\":true,\"query\":{\"match_all\":{}}}").at("/hits/hits")) {
            documents.put(hit.get("_id").asText(), hit.get("_version").asLong() + " " + hit.get("_source"));
        }
        return documents;
    }

    private static String indexOfAlias() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.elasticsearchUrl()
                + "/_alias/registry-versions")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).fieldNames().next();
    }
}
