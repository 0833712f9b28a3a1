package dev.modelregistry.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the services and prints where they listen, until killed (Ctrl-C stops them cleanly).
 * Defaults: standalone settings (durable, fixed ports) with data in {@code ./data}, or the directory
 * given as first argument; every {@link ServicesConfig} key applies as system property / env var.
 *
 * <pre>java -cp ... dev.modelregistry.embedded.ServicesMain [data-dir]</pre>
 */
public final class ServicesMain {

    private ServicesMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        RegistryServices services = RegistryServices.start(
                ServicesConfig.fromEnvironment(ServicesConfig.standalone(data)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "services-main-shutdown"));
        ServiceEndpoints e = services.endpoints();
        System.out.println();
        System.out.println("Services (" + services.provider().name().toLowerCase() + ") are up; Ctrl-C stops them.");
        System.out.println("  PostgreSQL     " + e.jdbcUrl() + "  user " + e.username() + " password " + e.password());
        System.out.println("  Kafka          " + e.kafkaBootstrapServers());
        System.out.println("  Elasticsearch  " + e.elasticsearchUrl());
        if (services.provider() == Provider.EMBEDDED) {
            System.out.println("  data           " + services.baseDirectory());
        }
        System.out.flush();
        stopped.await();
    }
}
