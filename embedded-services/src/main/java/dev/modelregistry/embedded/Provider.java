package dev.modelregistry.embedded;

import java.util.Locale;

/** Who provides PostgreSQL, Kafka and Elasticsearch. */
public enum Provider {
    /** Started by this JVM from Maven Central artifacts (default; no Docker needed). */
    EMBEDDED,
    /** Already running somewhere; addresses come from configuration; nothing is started. */
    EXTERNAL,
    /** Docker containers through Testcontainers (needs a Docker engine and the optional dependencies). */
    TESTCONTAINERS;

    public static Provider parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown services provider '" + value
                    + "': use embedded, external or testcontainers", e);
        }
    }
}
