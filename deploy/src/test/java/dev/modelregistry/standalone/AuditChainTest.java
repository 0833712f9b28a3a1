package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hash-chained audit log end to end: models registered over HTTP, the chain verified by
 * {@code GET /api/v1/audit:verify}, then rows altered, deleted and re-hashed directly in PostgreSQL and
 * the verifier naming the first broken link. Every tampering is undone before the test ends (the
 * database is shared with the other tests).
 */
class AuditChainTest extends RegistryIntegrationTest {

    /** A model with three events (registered, version 1, updated): positions in subject order. */
    private record History(String model, long last, List<Map<String, Object>> rows) {

        long position(int subjectSeq) {
            return ((Number) rows.get(subjectSeq - 1).get("position")).longValue();
        }

        long chainSeq(int subjectSeq) {
            return ((Number) rows.get(subjectSeq - 1).get("chain_seq")).longValue();
        }

        String hash(int subjectSeq) {
            return (String) rows.get(subjectSeq - 1).get("hash");
        }
    }

    private History history(String prefix) {
        String model = uniqueName(prefix);
        Answer registered = post("/api/v1/models", """
                {"name":"%s","description":"audited","owner_team":"risk","tags":{"team":"fraud"}}""".formatted(model));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Answer version = registerVersion(model, 0.93);
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        Answer updated = patch("/api/v1/models/" + model, "{\"description\":\"audited, twice\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        // one more event after the model's, so that its rows are not the end of the global chain
        Answer other = post("/api/v1/models", """
                {"name":"%s","description":"after","owner_team":"risk"}""".formatted(uniqueName(prefix + "-next")));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        long last = Math.max(updated.position(), other.position());
        assertThat(getAt("/api/v1/audit?page_size=1", last).status()).isEqualTo(200);
        List<Map<String, Object>> rows = rows("select position, chain_seq, subject_seq, prev_hash, hash, global_hash "
                + "from read_model.audit_log where subject = ? order by subject_seq", model);
        assertThat(rows).hasSize(3);
        return new History(model, last, rows);
    }

    @Test
    void theChainsOfAnUntouchedLogHoldAndLinkEachRowToItsPredecessor() {
        History history = history("chained");
        JsonNode verification = verify("");
        assertThat(verification.get("verified").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("first_broken").isNull()).isTrue();
        assertThat(verification.get("rows_checked").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(verification.at("/head/chain").asText()).isEqualTo("global");
        assertThat(verification.at("/head/chain_seq").asLong()).isEqualTo(verification.get("rows_checked").asLong());

        assertThat(history.rows()).extracting(row -> row.get("subject_seq")).containsExactly(1L, 2L, 3L);
        assertThat(history.rows().getFirst().get("prev_hash")).isEqualTo("0".repeat(64));
        assertThat(history.rows().get(1).get("prev_hash")).isEqualTo(history.hash(1));
        assertThat(history.rows().get(2).get("prev_hash")).isEqualTo(history.hash(2));

        JsonNode subject = verify("?subject=" + history.model());
        assertThat(subject.get("verified").asBoolean()).as(subject.toString()).isTrue();
        assertThat(subject.get("rows_checked").asLong()).isEqualTo(3);
        assertThat(subject.at("/head/subject_seq").asLong()).isEqualTo(3);
        assertThat(subject.at("/head/hash").asText()).isEqualTo(history.hash(3));
    }

    @Test
    void aPayloadAlteredInPostgresqlIsTheFirstBrokenLink() {
        History history = history("altered");
        long position = history.position(2);
        tampered(List.of(position), "update read_model.audit_log set payload = jsonb_set(payload, '{metrics,accuracy}', "
                + "'0.99') where position = " + position, () -> {
            JsonNode broken = verify("").get("first_broken");
            assertThat(broken.get("chain").asText()).isEqualTo("global");
            assertThat(broken.get("reason").asText()).isEqualTo("altered");
            assertThat(broken.get("position").asLong()).isEqualTo(position);
            assertThat(broken.get("chain_seq").asLong()).isEqualTo(history.chainSeq(2));
            assertThat(broken.get("subject").asText()).isEqualTo(history.model());
            assertThat(broken.get("actual_hash").asText()).isEqualTo(history.hash(2));
            assertThat(broken.get("expected_hash").asText()).hasSize(64).isNotEqualTo(history.hash(2));

            JsonNode subject = verify("?subject=" + history.model());
            assertThat(subject.get("verified").asBoolean()).isFalse();
            assertThat(subject.at("/first_broken/chain").asText()).isEqualTo("subject");
            assertThat(subject.at("/first_broken/subject_seq").asLong()).isEqualTo(2);
            assertThat(subject.at("/first_broken/reason").asText()).isEqualTo("altered");
        });
        assertThat(verify("").get("verified").asBoolean()).as("restored").isTrue();
    }

    @Test
    void aDeletedRowIsNamedAsTheMissingLink() {
        History history = history("deleted");
        long position = history.position(2);
        tampered(List.of(position), "delete from read_model.audit_log where position = " + position, () -> {
            JsonNode broken = verify("").get("first_broken");
            assertThat(broken.get("chain").asText()).isEqualTo("global");
            assertThat(broken.get("reason").asText()).isEqualTo("missing");
            assertThat(broken.get("chain_seq").asLong()).isEqualTo(history.chainSeq(2));
            assertThat(broken.get("actual_hash").asText()).as("the next row names the deleted one")
                    .isEqualTo(history.rows().get(1).get("global_hash"));
            assertThat(broken.get("expected_hash").asText()).as("the row before it")
                    .isEqualTo(value("select global_hash from read_model.audit_log where chain_seq = ?",
                            history.chainSeq(2) - 1));

            JsonNode subject = verify("?subject=" + history.model()).get("first_broken");
            assertThat(subject.get("reason").asText()).isEqualTo("missing");
            assertThat(subject.get("subject_seq").asLong()).isEqualTo(2);
            assertThat(subject.get("position").asLong()).as("where the gap shows").isEqualTo(history.position(3));
            assertThat(subject.get("expected_hash").asText()).isEqualTo(history.hash(1));
            assertThat(subject.get("actual_hash").asText()).isEqualTo(history.hash(2));
        });
        assertThat(verify("").get("verified").asBoolean()).as("restored").isTrue();
    }

    @Test
    void theDeletedLastRowOfASubjectIsMissingFromItsHead() {
        History history = history("tail");
        long position = history.position(3);
        tampered(List.of(position), "delete from read_model.audit_log where position = " + position, () -> {
            JsonNode broken = verify("?subject=" + history.model()).get("first_broken");
            assertThat(broken.get("reason").asText()).isEqualTo("missing");
            assertThat(broken.get("subject_seq").asLong()).isEqualTo(3);
            assertThat(broken.get("expected_hash").asText()).isEqualTo(history.hash(3));
        });
    }

    @Test
    void twoSwappedHashesAreNamedAtTheFirstOfThem() {
        History history = history("swapped");
        long first = history.position(1);
        long second = history.position(2);
        tampered(List.of(first, second), "update read_model.audit_log set hash = case position when " + first + " then '"
                + history.hash(2) + "' else '" + history.hash(1) + "' end where position in (" + first + ", " + second + ")",
                () -> {
                    JsonNode broken = verify("").get("first_broken");
                    assertThat(broken.get("reason").asText()).isEqualTo("altered");
                    assertThat(broken.get("position").asLong()).isEqualTo(first);
                    assertThat(broken.get("expected_hash").asText()).isEqualTo(history.hash(1));
                    assertThat(broken.get("actual_hash").asText()).isEqualTo(history.hash(2));
                });
        assertThat(verify("").get("verified").asBoolean()).as("restored").isTrue();
    }

    @Test
    void aSubjectLongerThanAnyTheRegistryWritesIsRefusedAsAProblem() {
        Answer answer = get("/api/v1/audit:verify?subject=" + "x".repeat(513));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(answer.json().get("field").asText()).isEqualTo("subject");
    }

    @Test
    void aSubjectWithoutRowsVerifiesWithNothingChecked() {
        JsonNode verification = verify("?subject=" + UUID.randomUUID());
        assertThat(verification.get("verified").asBoolean()).isTrue();
        assertThat(verification.get("rows_checked").asLong()).isZero();
        assertThat(verification.get("head").isNull()).isTrue();
    }

    private JsonNode verify(String query) {
        Answer answer = get("/api/v1/audit:verify" + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    /** Runs {@code check} with the rows changed by {@code sql}, then puts the rows back as they were. */
    private static void tampered(List<Long> positions, String sql, Runnable check) {
        String backup = "read_model.audit_backup_" + UUID.randomUUID().toString().replace("-", "");
        String where = " where position in (" + positions.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        execute("create table " + backup + " as select * from read_model.audit_log" + where);
        try {
            execute(sql);
            check.run();
        } finally {
            execute("delete from read_model.audit_log" + where);
            execute("insert into read_model.audit_log select * from " + backup);
            execute("drop table " + backup);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
