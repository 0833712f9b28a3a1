package dev.modelregistry.embedded;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a setting from a system property ({@code registry.services.kafka.port}) or, when that is
 * absent, from the environment variable of the same name in upper case with dots and dashes as
 * underscores ({@code REGISTRY_SERVICES_KAFKA_PORT}).
 */
public final class Settings {

    private Settings() {
    }

    public static Optional<String> get(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getenv(envName(key));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static int getInt(String key, int defaultValue) {
        return get(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Setting " + key + " must be an integer, not '" + v + "'", e);
            }
        }).orElse(defaultValue);
    }

    static boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("Setting " + key + " must be true or false, not '" + v + "'");
        }).orElse(defaultValue);
    }

    static Optional<Path> getPath(String key) {
        return get(key).map(Path::of).map(Path::toAbsolutePath);
    }
}
