package dev.modelregistry.embedded;

/**
 * Stops a service when the JVM exits, unless its owner stops it (then the owner can order the
 * shutdown: the application that uses the service first, the service after). JVM shutdown hooks
 * run concurrently, so two hooks can never be ordered.
 */
final class ExitHook {

    private final String name;
    private final boolean enabled;
    private Thread thread;

    ExitHook(String name, boolean enabled) {
        this.name = name;
        this.enabled = enabled;
    }

    synchronized void install(Runnable action) {
        if (enabled && thread == null) {
            thread = new Thread(action, name);
            Runtime.getRuntime().addShutdownHook(thread);
        }
    }

    synchronized void remove() {
        if (thread != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
            thread = null;
        }
    }
}
