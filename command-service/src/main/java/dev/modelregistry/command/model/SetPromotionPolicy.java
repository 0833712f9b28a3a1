package dev.modelregistry.command.model;

import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.RegressionLimit;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the model's promotion policy as a whole; an identical policy records nothing. */
public record SetPromotionPolicy(@TargetAggregateIdentifier String model, List<MetricThreshold> thresholds,
                                 List<RegressionLimit> noRegression, boolean requireEvaluationReport,
                                 int requiredApprovals, List<String> approvers) implements ModelCommand {

    public SetPromotionPolicy {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        noRegression = noRegression == null ? List.of() : List.copyOf(noRegression);
        approvers = approvers == null ? List.of() : approvers.stream().sorted().distinct().toList();
    }
}
