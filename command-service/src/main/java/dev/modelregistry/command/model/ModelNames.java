package dev.modelregistry.command.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model name rules: lower-case ASCII letters, digits, '_' and '-', starting with a letter or digit, at
 * most one dot separating a namespace from the model ({@code fraud.scorer}), 128 characters per part.
 * ASCII only, so Unicode look-alikes, path separators and control characters can never be part of a
 * name.
 */
public final class ModelNames {

    private static final Pattern VALID =
            Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}(\\.[a-z0-9][a-z0-9_-]{0,127})?");

    /** {@code model@version}, as parents are written in lineage. */
    private static final Pattern VERSION_REFERENCE =
            Pattern.compile("([a-z0-9][a-z0-9_-]{0,127}(?:\\.[a-z0-9][a-z0-9_-]{0,127})?)@([1-9][0-9]{0,8})");

    private ModelNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("A model name is required.");
        }
        if (!isValid(name)) {
            return Optional.of("A model name is lower-case ASCII letters, digits, '_' and '-' (starting with a "
                    + "letter or digit, at most 128 characters), optionally 'namespace.model'.");
        }
        return Optional.empty();
    }

    /** Parses {@code model@version}; empty when the text is not one. */
    public static Optional<dev.modelregistry.events.model.VersionReference> parseReference(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var matcher = VERSION_REFERENCE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new dev.modelregistry.events.model.VersionReference(
                matcher.group(1), Integer.parseInt(matcher.group(2))));
    }
}
