package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import java.util.List;

/**
 * One batch of logged data (MLflow log-batch): params, metric points, tags and dataset inputs. One
 * request of up to 1,000 items is one event, not a thousand.
 */
@EventType(name = "dev.modelregistry.run.data-logged", version = 1)
public record RunDataLogged(String runId, List<Param> params, List<MetricPoint> metrics, List<Tag> tags,
                            List<DatasetInput> inputs) implements RunEvent {

    public RunDataLogged {
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
    }
}
