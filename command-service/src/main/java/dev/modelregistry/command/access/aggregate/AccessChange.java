package dev.modelregistry.command.access.aggregate;

/** What an access command did: recorded an event, or found the state already as asked (idempotent). */
public enum AccessChange {
    RECORDED,
    UNCHANGED
}
