package dev.modelregistry.command.artifact;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ArtifactMaintenance#collect} every {@code registry.artifacts.gc.interval} on a thread of
 * its own (the host application need not enable Spring's scheduling). Several instances may run it at
 * once: per-digest locks make that safe, only the work is repeated.
 */
final class CollectorSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CollectorSchedule.class);

    private final ArtifactMaintenance maintenance;
    private final ArtifactSettings.Gc settings;
    private ScheduledExecutorService executor;

    CollectorSchedule(ArtifactMaintenance maintenance, ArtifactSettings.Gc settings) {
        this.maintenance = maintenance;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("artifact-collector")
                .factory());
        long interval = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Artifact collector runs every {} (grace period {})", settings.interval(), settings.gracePeriod());
    }

    void runOnce() {
        try {
            maintenance.collect(settings.gracePeriod(), ArtifactMaintenance.SYSTEM_ACTOR, UUID.randomUUID().toString());
        } catch (RuntimeException e) {
            log.warn("Artifact collection failed; the next run retries", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Artifact collector did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
