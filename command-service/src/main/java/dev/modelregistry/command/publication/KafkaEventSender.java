package dev.modelregistry.command.publication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of records and returns only when Kafka acknowledged all of them (acks=all, idempotent
 * producer, so in order per partition and not duplicated by the producer's own retries). Records are
 * sent asynchronously and awaited together. When Kafka does not answer, the records not yet
 * acknowledged are resent on a fresh producer with a short back-off until the retry window ends; then
 * the batch fails, and the caller's transaction (with the processor's token) rolls back.
 */
final class KafkaEventSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventSender.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
    private final Map<String, Object> config;
    private final Duration retryWindow;
    private final Duration awaitTimeout;
    private Producer<String, byte[]> producer;
    private boolean failing;

    KafkaEventSender(Map<String, Object> config, Duration retryWindow, Duration deliveryTimeout) {
        this(config, retryWindow, deliveryTimeout, KafkaProducer::new);
    }

    KafkaEventSender(Map<String, Object> config, Duration retryWindow, Duration deliveryTimeout,
                     Function<Map<String, Object>, Producer<String, byte[]>> producers) {
        this.config = Map.copyOf(config);
        this.retryWindow = retryWindow;
        this.awaitTimeout = deliveryTimeout.plusSeconds(5);
        this.producers = producers;
    }

    synchronized void sendAll(List<ProducerRecord<String, byte[]>> records) {
        long deadline = System.nanoTime() + retryWindow.toNanos();
        Duration backoff = FIRST_BACKOFF;
        int acknowledged = 0;
        while (true) {
            try {
                acknowledged += sendAndAwait(records.subList(acknowledged, records.size()));
                if (failing) {
                    log.info("Kafka acknowledges again; publication resumed");
                    failing = false;
                }
                return;
            } catch (PartialFailure failure) {
                acknowledged += failure.acknowledged;
                resetProducer();
                if (System.nanoTime() - deadline > 0) {
                    throw new PublicationFailedException("Kafka did not acknowledge " + (records.size() - acknowledged)
                            + " event(s) within " + retryWindow.toSeconds() + " s", failure.getCause());
                }
                if (!failing) {
                    log.warn("Kafka does not acknowledge ({}); publication paused, retrying", describe(failure.getCause()));
                    failing = true;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Sends in order, stops sending at the first record that failed at once, then awaits in order. */
    private int sendAndAwait(List<ProducerRecord<String, byte[]>> records) throws PartialFailure {
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        Throwable sendFailure = null;
        try {
            Producer<String, byte[]> current = producer();
            for (ProducerRecord<String, byte[]> record : records) {
                Future<RecordMetadata> future = current.send(record);
                futures.add(future);
                if (future.isDone() && failed(future)) {
                    break;
                }
            }
        } catch (KafkaException e) {
            sendFailure = e;
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> future : futures) {
            try {
                future.get(awaitTimeout.toMillis(), TimeUnit.MILLISECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                throw new PartialFailure(acknowledged, e.getCause());
            } catch (TimeoutException e) {
                throw new PartialFailure(acknowledged, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublicationFailedException("interrupted while waiting for Kafka", e);
            }
        }
        if (sendFailure != null || acknowledged < records.size()) {
            throw new PartialFailure(acknowledged, sendFailure);
        }
        return acknowledged;
    }

    private static boolean failed(Future<RecordMetadata> future) {
        try {
            future.get(0, TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.apply(config);
        }
        return producer;
    }

    private void resetProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("closing the failed producer", e);
            }
            producer = null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublicationFailedException("interrupted while waiting to retry", e);
        }
    }

    private static String describe(Throwable failure) {
        return failure == null ? "no answer" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static final class PartialFailure extends Exception {
        private final int acknowledged;

        PartialFailure(int acknowledged, Throwable cause) {
            super(cause);
            this.acknowledged = acknowledged;
        }
    }
}
