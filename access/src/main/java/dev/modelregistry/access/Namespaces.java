package dev.modelregistry.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Namespaces of model names. A model's full name is {@code namespace.model}
 * ({@code fraud.transaction-detector}); a name without a dot belongs to {@link #DEFAULT}. The
 * canonical form of a name in {@code default} has no prefix: {@code default.scorer} and
 * {@code scorer} are one model, written {@code scorer}.
 */
public final class Namespaces {

    public static final String DEFAULT = "default";

    /** Same alphabet as a model name's parts: lower-case ASCII letters, digits, '_' and '-'. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}");

    private Namespaces() {
    }

    /** The namespace of a model name (valid or not: the text before its first dot, else default). */
    public static String namespaceOf(String modelName) {
        int dot = modelName == null ? -1 : modelName.indexOf('.');
        return dot < 0 ? DEFAULT : modelName.substring(0, dot);
    }

    /** {@code default.x} becomes {@code x}; every other name is returned as it is. */
    public static String canonicalModelName(String modelName) {
        String prefix = DEFAULT + ".";
        return modelName != null && modelName.startsWith(prefix) ? modelName.substring(prefix.length()) : modelName;
    }

    public static boolean isValidNamespace(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches();
    }

    /** Why the text is not a namespace name; empty when it is one. */
    public static Optional<String> problem(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return Optional.of("A namespace is required.");
        }
        if (!isValidNamespace(namespace)) {
            return Optional.of("A namespace is lower-case ASCII letters, digits, '_' and '-', starting with a "
                    + "letter or digit, at most 128 characters.");
        }
        return Optional.empty();
    }
}
