package dev.modelregistry.events.tracking;

import dev.modelregistry.events.RegistryEvent;

/**
 * Experiment tracking: experiments and their runs, with params, metrics (with step and timestamp
 * history), tags and dataset inputs. Identifiers and fields map one to one onto MLflow's tracking model
 * (experiment_id, run_id, params, metrics with step/timestamp, tags, inputs), so that MLflow REST
 * compatibility needs no second data model. Two aggregates share the family: experiments (subject
 * {@code experiment:<id>}) and runs (subject {@code run:<id>}).
 */
public sealed interface TrackingEvent extends RegistryEvent permits ExperimentEvent, RunEvent {
}
