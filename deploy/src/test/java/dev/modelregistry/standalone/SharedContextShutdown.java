package dev.modelregistry.standalone;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Closes the shared Spring context before the shared services it runs on, once every test class has
 * run. Without it both are closed by JVM shutdown hooks that race: when the services stop first, the
 * context's Kafka publisher and consumers keep retrying against a stopped broker and the test JVM does
 * not exit until Surefire kills it.
 */
final class SharedContextShutdown implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(
                SharedContextShutdown.class.getName() + "@" + System.identityHashCode(application),
                key -> (AutoCloseable) () -> {
                    if (application instanceof ConfigurableApplicationContext configurable) {
                        configurable.close();
                    }
                    RegistryIntegrationTest.SERVICES.close();
                });
    }
}
