package dev.modelregistry.command.lineage;

import dev.modelregistry.events.model.VersionReference;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The command side's table of every version ever registered (migration {@code V6__registered_versions.sql},
 * {@code event_store.registered_version}), kept in the transaction of the events by
 * {@link RegisteredVersionsProjection}: what the sender of a {@code RegisterVersion} checks a parent of
 * another model against (the {@code RegisteredModel} aggregate sees only its own versions). A row is never
 * removed, only marked deleted, so a version that existed once is known forever. Every SQL statement of
 * the feature is here; they join the caller's transaction.
 */
public final class RegisteredVersions {

    /** What the table knows of one version. */
    public enum State {
        /** never registered */
        UNKNOWN,
        /** registered, neither it nor its model deleted */
        LIVE,
        /** registered, then deleted (or its model was) */
        DELETED
    }

    private final JdbcClient jdbc;
    private final String table;

    RegisteredVersions(DataSource dataSource, String schema) {
        this.jdbc = JdbcClient.create(dataSource);
        this.table = schema + ".registered_version";
    }

    public State stateOf(VersionReference version) {
        return jdbc.sql("select deleted from " + table + " where model = ? and version = ?")
                .params(version.model(), version.version())
                .query(Boolean.class).optional()
                .map(deleted -> deleted ? State.DELETED : State.LIVE)
                .orElse(State.UNKNOWN);
    }

    void registered(String model, int version) {
        jdbc.sql("insert into " + table + " (model, version) values (?, ?) on conflict do nothing")
                .params(model, version).update();
    }

    void versionDeleted(String model, int version) {
        jdbc.sql("update " + table + " set deleted = true where model = ? and version = ?")
                .params(model, version).update();
    }

    void modelDeleted(String model) {
        jdbc.sql("update " + table + " set deleted = true where model = ?").params(model).update();
    }
}
