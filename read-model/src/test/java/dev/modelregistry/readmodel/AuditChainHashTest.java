package dev.modelregistry.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canonical form and the hashes of the audit chain: stable under what {@code jsonb} does to JSON
 * text (checked against a real PostgreSQL), sensitive to every content column and to the predecessor.
 */
class AuditChainHashTest {

    private static EmbeddedPostgres postgres;
    private static DSLContext ctx;

    private static final String PAYLOAD = """
            {"model": "fraud", "version": 3, "metrics": {"f1": 0.930, "loss": 1.0E-5, "n": 1e2},
             "tags": {"z": "last", "a": "first \\u00e9 \\"quoted\\""}, "files": [{"path": "b"}, {"path": "a"}],
             "ok": true, "none": null}""";

    private static final AuditChainHash.Content ROW = new AuditChainHash.Content(42,
            UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), "dev.modelregistry.model.version-registered", 2,
            "fraud", 3, "fraud", 3, "alice", "corr-1", "nightly retrain",
            OffsetDateTime.of(2026, 11, 23, 5, 1, 0, 123_456_789, ZoneOffset.ofHours(2)), PAYLOAD, null,
            "{\"stage\": \"None\"}");

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        ctx = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void canonicalJsonSortsKeysDropsWhitespaceAndWritesNumbersAsPlainDecimals() {
        assertThat(AuditChainHash.canonicalJson(PAYLOAD)).isEqualTo("""
                {"files":[{"path":"b"},{"path":"a"}],"metrics":{"f1":0.93,"loss":0.00001,"n":100},"model":"fraud",\
                "none":null,"ok":true,"tags":{"a":"first é \\"quoted\\"","z":"last"},"version":3}""");
        assertThat(AuditChainHash.canonicalJson("[0.0, -0, 10, 1.50]")).isEqualTo("[0,0,10,1.5]");
    }

    @Test
    void theCanonicalFormOfJsonbTextIsTheCanonicalFormOfTheOriginalText() {
        String stored = ctx.fetchValue(DSL.field("?::jsonb::text", String.class, PAYLOAD));
        assertThat(stored).isNotEqualTo(PAYLOAD);
        assertThat(AuditChainHash.canonicalJson(stored)).isEqualTo(AuditChainHash.canonicalJson(PAYLOAD));
    }

    @Test
    void theTimeIsHashedAsStoredInUtcMicroseconds() {
        assertThat(AuditChainHash.formatTime(ROW.occurredAt())).isEqualTo("2026-11-23T03:01:00.123456Z");
        OffsetDateTime stored = ctx.fetchValue(DSL.field("?::timestamptz", OffsetDateTime.class,
                AuditChainHash.storedTime(ROW.occurredAt())));
        assertThat(AuditChainHash.formatTime(stored)).isEqualTo("2026-11-23T03:01:00.123456Z");
    }

    @Test
    void theRowHashIsAFixedSha256OfTheCanonicalRowAfterItsPredecessor() {
        assertThat(AuditChainHash.canonical(ROW)).startsWith("{\"actor\":\"alice\",\"after\":{\"stage\":\"None\"},"
                + "\"before\":null,\"correlation_id\":\"corr-1\",");
        String hash = AuditChainHash.rowHash(AuditChainHash.GENESIS, ROW);
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(AuditChainHash.rowHash(AuditChainHash.GENESIS, ROW)).as("deterministic").isEqualTo(hash);
        assertThat(AuditChainHash.rowHash("1".repeat(64), ROW)).as("covers the predecessor").isNotEqualTo(hash);
        // a golden value: changing the canonical form or the prefix breaks every stored chain
        assertThat(AuditChainHash.globalHash(AuditChainHash.GENESIS, 1, "a".repeat(64)))
                .isEqualTo(sha256("registry-audit-global-v1\n" + "0".repeat(64) + "\n1\n" + "a".repeat(64)));
        assertThat(hash).isEqualTo(sha256("registry-audit-v1\n" + "0".repeat(64) + "\n" + AuditChainHash.canonical(ROW)));
    }

    @Test
    void everyContentColumnChangesTheHash() {
        String hash = AuditChainHash.rowHash(AuditChainHash.GENESIS, ROW);
        java.util.List<UnaryOperator<AuditChainHash.Content>> changes = java.util.List.of(
                c -> with(c, 43, c.subjectSeq(), c.actor(), c.payload(), c.afterState(), c.occurredAt(), c.version()),
                c -> with(c, c.position(), 4, c.actor(), c.payload(), c.afterState(), c.occurredAt(), c.version()),
                c -> with(c, c.position(), c.subjectSeq(), "mallory", c.payload(), c.afterState(), c.occurredAt(), c.version()),
                c -> with(c, c.position(), c.subjectSeq(), c.actor(), c.payload().replace("0.930", "0.931"),
                        c.afterState(), c.occurredAt(), c.version()),
                c -> with(c, c.position(), c.subjectSeq(), c.actor(), c.payload(), null, c.occurredAt(), c.version()),
                c -> with(c, c.position(), c.subjectSeq(), c.actor(), c.payload(), c.afterState(),
                        c.occurredAt().plusNanos(1_000), c.version()),
                c -> with(c, c.position(), c.subjectSeq(), c.actor(), c.payload(), c.afterState(), c.occurredAt(), null));
        for (UnaryOperator<AuditChainHash.Content> change : changes) {
            assertThat(AuditChainHash.rowHash(AuditChainHash.GENESIS, change.apply(ROW))).isNotEqualTo(hash);
        }
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> AuditChainHash.canonicalJson("{not json")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AuditChainHash.Content with(AuditChainHash.Content c, long position, long subjectSeq, String actor,
                                               String payload, String after, OffsetDateTime at, Integer version) {
        return new AuditChainHash.Content(position, c.eventId(), c.eventType(), c.schemaVersion(), c.subject(), subjectSeq,
                c.model(), version, actor, c.correlationId(), c.reason(), at, payload, c.beforeState(), after);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stringsAreQuotedExactlyAsJacksonQuotesThemSoStoredHashesStayValid() throws Exception {
        var jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String one = String.valueOf(c);
            StringBuilder quoted = new StringBuilder();
            AuditChainHash.quote(one, quoted);
            assertThat(quoted.toString()).as("U+%04X", (int) c).isEqualTo(jackson.writeValueAsString(one));
            every.append(c);
        }
        for (String text : new String[] {"", "plain", "a\"b\\c\u0000d\u001fe\u007f\u2028f😀", every.toString()}) {
            StringBuilder quoted = new StringBuilder();
            AuditChainHash.quote(text, quoted);
            assertThat(quoted.toString()).isEqualTo(jackson.writeValueAsString(text));
        }
    }
}
