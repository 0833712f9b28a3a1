package dev.modelregistry.command.tracking.aggregate;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the package-private {@code Experiment} and {@code Run} aggregates (Axon's Spring support makes their repositories). */
@Configuration(proxyBeanMethods = false)
@Import({Experiment.class, Run.class})
public class TrackingAggregateConfiguration {

    /** Bean name of the runs' snapshot trigger (defined by the tracking configuration). */
    public static final String RUN_SNAPSHOT_TRIGGER = "trackingRunSnapshotTrigger";
}
