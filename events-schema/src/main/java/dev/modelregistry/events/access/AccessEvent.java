package dev.modelregistry.events.access;

import dev.modelregistry.events.RegistryEvent;

/**
 * Who may do what: users, teams (one per namespace), memberships and role grants. Every change is an
 * event so that permission history is auditable and answerable as of a time. Three kinds of
 * aggregate share this family, each with its own subject (the Kafka key and {@code ce_subject}):
 * {@code user:<username>}, {@code namespace:<namespace>} and {@code access:global}.
 *
 * <p>No secret is ever part of these events: password hashes, refresh tokens and API token hashes
 * stay in the command side's credential tables.
 */
public sealed interface AccessEvent extends RegistryEvent
        permits UserEvent, NamespaceEvent, GlobalRoleGranted, GlobalRoleRevoked {

    /** The subject of the one global access-control aggregate (global roles). */
    String GLOBAL_SUBJECT = "access:global";

    static String userSubject(String username) {
        return "user:" + username;
    }

    static String namespaceSubject(String namespace) {
        return "namespace:" + namespace;
    }
}
