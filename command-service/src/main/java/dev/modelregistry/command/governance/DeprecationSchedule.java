package dev.modelregistry.command.governance;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the {@link DeprecationJob} every {@code check-interval} on a thread of its own. */
final class DeprecationSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeprecationSchedule.class);

    private final DeprecationJob job;
    private final GovernanceSettings.Deprecation settings;
    private ScheduledExecutorService executor;

    DeprecationSchedule(DeprecationJob job, GovernanceSettings.Deprecation settings) {
        this.job = job;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("deprecation-job")
                .factory());
        long interval = settings.checkInterval().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            job.runOnce();
        } catch (RuntimeException e) {
            log.warn("Deprecation run failed; the next run retries", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
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
