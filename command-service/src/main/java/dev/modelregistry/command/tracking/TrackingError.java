package dev.modelregistry.command.tracking;

import dev.modelregistry.command.refusal.CommandRefusal;

/**
 * Every way experiment tracking refuses a command (the {@code Experiment} and {@code Run} aggregates and
 * the tracking service). Sealed, mapped exhaustively to HTTP statuses by the REST layer; codes are stable
 * (docs/api.md, "Experiment tracking (commands)").
 */
public abstract sealed class TrackingError extends CommandRefusal {

    private TrackingError(String code, String field, String message) {
        super(code, field, message);
    }

    /** 404. */
    public static final class ExperimentNotFound extends TrackingError {
        public ExperimentNotFound(String experimentId) {
            super("experiment_not_found", "experiment_id", "There is no experiment '" + experimentId + "'.");
        }
    }

    /** 409: the name is taken in the namespace (a unique constraint of the command side's table). */
    public static final class ExperimentExists extends TrackingError {
        public ExperimentExists(String namespace, String name) {
            super("experiment_exists", "name", "Namespace '" + namespace + "' already has an experiment named '"
                    + name + "'.");
        }
    }

    /** 409: a deleted experiment takes no change and no new run. */
    public static final class ExperimentDeleted extends TrackingError {
        public ExperimentDeleted(String experimentId) {
            super("experiment_deleted", "experiment_id", "Experiment '" + experimentId + "' is deleted.");
        }
    }

    /** 404. */
    public static final class RunNotFound extends TrackingError {
        public RunNotFound(String runId) {
            super("run_not_found", "run_id", "There is no run '" + runId + "'.");
        }
    }

    /** 409: nothing is logged into, or finishes, a finished or deleted run. */
    public static final class RunNotActive extends TrackingError {
        private final String status;

        public RunNotActive(String runId, String status) {
            super("run_not_active", "run_id", "Run '" + runId + "' is " + status + "; nothing more can be logged "
                    + "into it.");
            this.status = status;
        }

        /** FINISHED, FAILED, KILLED or DELETED. */
        public String status() {
            return status;
        }
    }

    /**
     * 409: a version is registered only from a finished run (FINISHED, FAILED or KILLED), since it copies
     * the run's latest metrics as a snapshot that must not change under it.
     */
    public static final class RunActive extends TrackingError {
        public RunActive(String runId) {
            super("run_active", "run_id", "Run '" + runId + "' is still RUNNING; finish it before registering a "
                    + "version from it.");
        }
    }

    /** 409: params are immutable; the same key with another value (in the run or within one batch). */
    public static final class ParamConflict extends TrackingError {
        private final String key;

        public ParamConflict(String field, String key, String logged, String requested) {
            super("param_conflict", field, "Param '" + key + "' is already logged with another value ("
                    + abbreviate(logged) + "); params are immutable, so " + abbreviate(requested)
                    + " cannot replace it.");
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** 400: a run cannot end before it started. */
    public static final class EndBeforeStart extends TrackingError {
        public EndBeforeStart(String runId) {
            super("invalid_time", "end_time", "end_time is before the start of run '" + runId + "'.");
        }
    }

    private static String abbreviate(String value) {
        String quoted = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + quoted + "'";
    }
}
