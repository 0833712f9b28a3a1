package dev.modelregistry.command.governance.evaluator;

/** Whether an evaluator command recorded an event. */
public enum EvaluatorChange {
    RECORDED,
    UNCHANGED
}
