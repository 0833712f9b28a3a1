package dev.modelregistry.command.publication;

import dev.modelregistry.command.eventstore.EventPositions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publication of the event store to Kafka: the {@value KafkaEventPublisher#PROCESSOR} tracking
 * processor, its producer (built from {@code spring.kafka.*} plus the settings publication needs; not a
 * shared {@code ProducerFactory}/{@code KafkaTemplate} bean, so other modules' Kafka beans are not
 * affected) and the topic.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublicationProperties.class)
public class PublicationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PublicationConfiguration.class);

    static Map<String, Object> producerConfig(Map<String, Object> base, PublicationProperties settings) {
        Map<String, Object> config = new HashMap<>(base);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "registry-kafka-publisher");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // durable and in order: every in-sync replica has it, producer retries never duplicate or reorder
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // an outage surfaces as an error within seconds instead of blocking the processor
        long delivery = settings.deliveryTimeout().toMillis();
        long request = Math.max(1000, Math.min(5000, delivery - 5));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(delivery, request + 5));
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
        config.putAll(settings.producer());
        return config;
    }

    static Map<String, Object> adminConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "registry-topic-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }

    @Bean(destroyMethod = "close")
    KafkaEventSender commandKafkaEventSender(KafkaProperties kafka, PublicationProperties settings) {
        return new KafkaEventSender(producerConfig(kafka.buildProducerProperties(), settings),
                settings.publishRetryWindow(), settings.deliveryTimeout());
    }

    @Bean
    RegistryTopic commandRegistryTopic(KafkaProperties kafka, PublicationProperties settings) {
        return new RegistryTopic(adminConfig(kafka.buildAdminProperties()), settings.topic(), settings.partitions(),
                Optional.ofNullable(settings.replicationFactor()));
    }

    @Bean
    KafkaEventPublisher commandKafkaEventPublisher(EventPositions positions, RegistryTopic commandRegistryTopic,
                                                   KafkaEventSender commandKafkaEventSender,
                                                   @Value("${registry.events.source:/model-registry}") String source,
                                                   DataSource dataSource) {
        // the template joins the processor's batch transaction (Spring's, on the same DataSource)
        return new KafkaEventPublisher(positions, commandRegistryTopic, commandKafkaEventSender, source,
                new JdbcTemplate(dataSource));
    }

    /**
     * One tracking processor, one thread, batches of {@code registry.kafka.batch-size} events, starting
     * at the first event ever stored; failures propagate (never logged and skipped), so the batch is
     * retried until Kafka takes it.
     */
    @Bean
    ConfigurerModule commandKafkaPublisherProcessor(PublicationProperties settings) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(KafkaEventPublisher.PROCESSOR,
                        org.axonframework.config.Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(settings.batchSize())
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(KafkaEventPublisher.PROCESSOR,
                        c -> PropagatingErrorHandler.instance())
                .registerErrorHandler(KafkaEventPublisher.PROCESSOR, c -> PropagatingErrorHandler.instance()));
    }

    @Bean
    PublicationStatus commandPublicationStatus(EventProcessingConfiguration processing) {
        return new PublicationStatus(processing);
    }

    /** Health details under {@code commandPublication}; never DOWN (see {@link PublicationHealthIndicator}). */
    @Bean
    HealthIndicator commandPublicationHealthIndicator(PublicationStatus commandPublicationStatus) {
        return new PublicationHealthIndicator(commandPublicationStatus);
    }

    /** Creates the topic at start, in the background, retrying while Kafka is not reachable. */
    @Bean
    SmartLifecycle commandRegistryTopicInitializer(RegistryTopic commandRegistryTopic) {
        return new TopicInitializer(commandRegistryTopic);
    }

    private static final class TopicInitializer implements SmartLifecycle {

        private final RegistryTopic topic;
        private volatile boolean running;
        private Thread worker;

        TopicInitializer(RegistryTopic topic) {
            this.topic = topic;
        }

        @Override
        public synchronized void start() {
            running = true;
            worker = Thread.ofVirtual().name("registry-topic-initializer").start(() -> {
                boolean warned = false;
                while (running && !topic.isEnsured()) {
                    try {
                        topic.ensureExists();
                    } catch (RuntimeException e) {
                        if (!warned) {
                            log.warn("Topic {} not ensured yet ({}); retrying in the background", topic.name(),
                                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                            warned = true;
                        }
                        try {
                            Thread.sleep(Duration.ofSeconds(5));
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            });
        }

        @Override
        public synchronized void stop() {
            running = false;
            if (worker != null) {
                worker.interrupt();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
