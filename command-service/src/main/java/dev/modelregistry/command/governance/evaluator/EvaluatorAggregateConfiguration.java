package dev.modelregistry.command.governance.evaluator;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the package-private {@code Evaluator} aggregate (Axon's Spring support makes its repository). */
@Configuration(proxyBeanMethods = false)
@Import(Evaluator.class)
public class EvaluatorAggregateConfiguration {
}
