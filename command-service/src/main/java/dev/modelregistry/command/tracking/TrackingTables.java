package dev.modelregistry.command.tracking;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL statement of the tracking feature, on the tables of migration {@code V5__tracking.sql} in the
 * event store's schema. Statements join the caller's transaction (a command's unit of work for the
 * projection's writes).
 */
final class TrackingTables {

    /** An experiment as the command side knows it. */
    record ExperimentRow(String experimentId, String namespace, boolean deleted) {
    }

    private final JdbcClient jdbc;
    private final String experiment;
    private final String run;

    TrackingTables(DataSource dataSource, String schema) {
        this.jdbc = JdbcClient.create(dataSource);
        this.experiment = schema + ".tracking_experiment";
        this.run = schema + ".tracking_run";
    }

    /** False when the name is taken in the namespace (the partial unique index decides, under concurrency too). */
    boolean insertExperiment(String experimentId, String namespace, String name) {
        return jdbc.sql("insert into " + experiment + " (experiment_id, namespace, name) values (?, ?, ?) "
                        + "on conflict do nothing")
                .params(experimentId, namespace, name).update() == 1;
    }

    void experimentDeleted(String experimentId) {
        jdbc.sql("update " + experiment + " set deleted = true where experiment_id = ?").params(experimentId).update();
    }

    Optional<ExperimentRow> experiment(String experimentId) {
        return jdbc.sql("select experiment_id, namespace, deleted from " + experiment + " where experiment_id = ?")
                .params(experimentId)
                .query((rs, n) -> new ExperimentRow(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional();
    }

    /**
     * The experiment's row, locked against a concurrent deletion until the transaction ends (a run started
     * while its experiment is being deleted either commits first or sees the deletion).
     */
    Optional<ExperimentRow> lockExperiment(String experimentId) {
        return jdbc.sql("select experiment_id, namespace, deleted from " + experiment + " where experiment_id = ? "
                        + "for share")
                .params(experimentId)
                .query((rs, n) -> new ExperimentRow(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional();
    }

    void insertRun(String runId, String experimentId, String namespace) {
        jdbc.sql("insert into " + run + " (run_id, experiment_id, namespace) values (?, ?, ?) on conflict do nothing")
                .params(runId, experimentId, namespace).update();
    }

    Optional<String> namespaceOfRun(String runId) {
        return jdbc.sql("select namespace from " + run + " where run_id = ?").params(runId).query(String.class)
                .optional();
    }
}
