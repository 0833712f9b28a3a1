package dev.modelregistry.command.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Alias naming rules, as in MLflow: lower-case ASCII, starting with a letter, at most 64 characters;
 * {@code latest} and {@code v<digits>} are reserved (they read like version selectors).
 */
public final class AliasNames {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern VERSION_LIKE = Pattern.compile("v\\d+");

    private AliasNames() {
    }

    /** Why {@code alias} is not acceptable, or empty when it is. */
    public static Optional<String> problem(String alias) {
        if (alias == null || alias.isEmpty()) {
            return Optional.of("An alias name is required.");
        }
        if (!VALID.matcher(alias).matches()) {
            return Optional.of("An alias is 1 to 64 characters: a lower-case ASCII letter, then lower-case "
                    + "letters, digits, '_' or '-'.");
        }
        if (alias.equals("latest") || VERSION_LIKE.matcher(alias).matches()) {
            return Optional.of("'" + alias + "' is reserved: 'latest' and 'v<number>' name versions, not aliases.");
        }
        return Optional.empty();
    }
}
