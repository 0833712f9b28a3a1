package dev.modelregistry.command.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL statement of the governance feature, on the tables of migration {@code V4__governance.sql}
 * in the event store's schema. Statements join the caller's transaction (a command's unit of work for
 * the projection's writes).
 */
final class GovernanceTables {

    record EvaluatorKey(String evaluator, byte[] publicKey, boolean revoked) {
    }

    record DueModel(String model, Instant lastVersionAt, Instant warnedFor) {
    }

    private final JdbcClient jdbc;
    private final String evaluatorKey;
    private final String report;
    private final String model;

    GovernanceTables(DataSource dataSource, String schema) {
        this.jdbc = JdbcClient.create(dataSource);
        this.evaluatorKey = schema + ".evaluator_key";
        this.report = schema + ".evaluation_report";
        this.model = schema + ".governance_model";
    }

    // ------------------------------------------------------------------------------ evaluators

    void evaluatorRegistered(String evaluator, byte[] publicKey, Instant at) {
        jdbc.sql("insert into " + evaluatorKey + " (evaluator, public_key, registered_at) values (?, ?, ?) "
                + "on conflict (evaluator) do nothing").params(evaluator, publicKey, time(at)).update();
    }

    void evaluatorRevoked(String evaluator, Instant at) {
        jdbc.sql("update " + evaluatorKey + " set revoked_at = ? where evaluator = ? and revoked_at is null")
                .params(time(at), evaluator).update();
    }

    Optional<EvaluatorKey> evaluatorKey(String evaluator) {
        return jdbc.sql("select evaluator, public_key, revoked_at is not null from " + evaluatorKey
                        + " where evaluator = ?").params(evaluator)
                .query((rs, n) -> new EvaluatorKey(rs.getString(1), rs.getBytes(2), rs.getBoolean(3))).optional();
    }

    Set<String> revokedEvaluators() {
        return new HashSet<>(jdbc.sql("select evaluator from " + evaluatorKey + " where revoked_at is not null")
                .query(String.class).list());
    }

    void insertReport(String modelName, String reportId, int version, String evaluator, byte[] bytes,
                      byte[] signature, Instant at) {
        jdbc.sql("insert into " + report + " (model, report_id, version, evaluator, report, signature, attached_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(modelName, reportId, version, evaluator, bytes, signature, time(at)).update();
    }

    // ------------------------------------------------------------------------------ models

    void modelRegistered(String modelName, String ownerTeam, Instant at) {
        jdbc.sql("insert into " + model + " (model, owner_team, last_version_at) values (?, ?, ?) "
                + "on conflict (model) do nothing").params(modelName, ownerTeam, time(millis(at))).update();
    }

    void versionRegistered(String modelName, Instant at) {
        jdbc.sql("update " + model + " set last_version_at = ?, warned_for = null, expired = false where model = ?")
                .params(time(millis(at)), modelName).update();
    }

    void ownerReassigned(String modelName, String ownerTeam) {
        jdbc.sql("update " + model + " set owner_team = ? where model = ?").params(ownerTeam, modelName).update();
    }

    void modelDeleted(String modelName) {
        jdbc.sql("update " + model + " set deleted = true where model = ?").params(modelName).update();
    }

    void deprecationWarned(String modelName, Instant lastVersionAt) {
        jdbc.sql("update " + model + " set warned_for = ? where model = ?")
                .params(time(millis(lastVersionAt)), modelName).update();
    }

    void modelExpired(String modelName) {
        jdbc.sql("update " + model + " set expired = true where model = ?").params(modelName).update();
    }

    Optional<String> ownerTeam(String modelName) {
        return jdbc.sql("select owner_team from " + model + " where model = ?").params(modelName)
                .query(String.class).optional();
    }

    /** Live, unexpired models (all, or only {@code only}) whose last version is at or before {@code before}, oldest first. */
    List<DueModel> due(Instant before, int limit, String only) {
        return jdbc.sql("select model, last_version_at, warned_for from " + model + " where not deleted and not expired "
                        + "and last_version_at <= ? and (cast(? as text) is null or model = ?) "
                        + "order by last_version_at, model limit ?")
                .params(time(before), only, only, limit)
                .query((rs, n) -> new DueModel(rs.getString(1), instant(rs, 2), instant(rs, 3))).list();
    }

    // ---------------------------------------------------------------------------------------------

    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
