package dev.modelregistry.command.publication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.events.model.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {

    static GenericDomainEventMessage<VersionStageTransitioned> message(MetaData metaData) {
        return new GenericDomainEventMessage<>("RegisteredModel", "fraud.scorer", 4, new VersionStageTransitioned(
                "fraud.scorer", 2, Stage.STAGING, Stage.PRODUCTION), metaData,
                "0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11", Instant.parse("2026-11-24T09:10:11.123456Z"));
    }

    static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            assertThat(headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)))
                    .as("header %s appears once", header.key()).isNull();
        }
        return headers;
    }

    @Test
    void binary_mode_cloud_event_with_our_extensions() {
        var message = message(MetaData.with("actor", "local-admin").and("correlation_id", "c-1").and("reason", "ship it"));
        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord("registry.events", "/model-registry", message, 57);

        assertThat(record.topic()).isEqualTo("registry.events");
        assertThat(record.key()).isEqualTo("fraud.scorer");
        assertThat(record.value()).isEqualTo(EventCodec.encode(message.getPayload()));
        assertThat(record.timestamp()).isEqualTo(message.getTimestamp().toEpochMilli());
        assertThat(headers(record)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11"),
                Map.entry("ce_type", "dev.modelregistry.version.stage-transitioned"),
                Map.entry("ce_source", "/model-registry"),
                Map.entry("ce_subject", "fraud.scorer"),
                Map.entry("ce_time", "2026-11-24T09:10:11.123456Z"),
                Map.entry("content-type", "application/json"),
                Map.entry("ce_dataschema", "urn:dev.modelregistry:schema:dev.modelregistry.version.stage-transitioned:1"),
                Map.entry("ce_schemaversion", "1"),
                Map.entry("ce_position", "57"),
                Map.entry("ce_actor", "local-admin"),
                Map.entry("ce_correlationid", "c-1"),
                Map.entry("ce_reason", "ship it")));
    }

    @Test
    void reason_header_only_when_given() {
        var record = CloudEventRecords.toRecord("t", "/s",
                message(MetaData.with("actor", "a").and("correlation_id", "c")), 1);
        assertThat(headers(record)).doesNotContainKey("ce_reason").containsEntry("ce_actor", "a");
    }

    @Test
    void an_artifact_event_is_keyed_and_subjected_by_its_digest() {
        String sha = "c".repeat(64);
        var message = new GenericDomainEventMessage<>("Artifact", "sha256:" + sha, 0,
                new ArtifactStored(sha, 12, "application/octet-stream", "model.pkl", "local-admin"),
                MetaData.with("actor", "local-admin").and("correlation_id", "c-2"));
        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord("registry.events", "/model-registry", message, 9);

        assertThat(record.key()).isEqualTo("sha256:" + sha);
        assertThat(record.value()).isEqualTo(EventCodec.encode(message.getPayload()));
        assertThat(headers(record))
                .containsEntry("ce_subject", "sha256:" + sha)
                .containsEntry("ce_type", "dev.modelregistry.artifact.stored")
                .containsEntry("ce_dataschema", "urn:dev.modelregistry:schema:dev.modelregistry.artifact.stored:1")
                .containsEntry("ce_position", "9");
    }
}
