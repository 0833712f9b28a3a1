package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.Tag;
import java.util.List;

/**
 * One batch (MLflow log-batch), already within the limits; metric timestamps are set. Recorded as one
 * {@code RunDataLogged}. Params in request order: a refusal names {@code params[i].value}.
 */
public record LogRunData(String runId, List<Param> params, List<MetricPoint> metrics, List<Tag> tags,
                         List<DatasetInput> inputs) implements RunCommand {

    public LogRunData {
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
    }
}
