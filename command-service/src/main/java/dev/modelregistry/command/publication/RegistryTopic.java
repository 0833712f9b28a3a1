package dev.modelregistry.command.publication;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the audit topic when it is missing: {@code retention.ms=-1} (it is the audit trail, kept
 * forever) and the configured partition count. Checked at start (in the background, so the service
 * starts while Kafka is down) and before the first publication, so events never land in a topic that a
 * broker auto-created with its default retention.
 */
final class RegistryTopic {

    private static final Logger log = LoggerFactory.getLogger(RegistryTopic.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> adminConfig;
    private final String name;
    private final int partitions;
    private final Optional<Short> replicationFactor;
    private volatile boolean ensured;

    RegistryTopic(Map<String, Object> adminConfig, String name, int partitions, Optional<Short> replicationFactor) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    String name() {
        return name;
    }

    boolean isEnsured() {
        return ensured;
    }

    /** Creates the topic if it does not exist; returns quickly once it was seen. */
    void ensureExists() {
        if (ensured) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), replicationFactor)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("Created topic {} ({} partition(s), retention unlimited)", name, partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                checkRetention(admin);
            }
            ensured = true;
        } catch (ExecutionException e) {
            throw new PublicationFailedException("cannot create topic " + name, e.getCause());
        } catch (TimeoutException e) {
            throw new PublicationFailedException("Kafka did not answer while creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublicationFailedException("interrupted while creating topic " + name, e);
        }
    }

    private void checkRetention(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(resource);
        ConfigEntry retention = config == null ? null : config.get(TopicConfig.RETENTION_MS_CONFIG);
        if (retention != null && !"-1".equals(retention.value())) {
            log.warn("Topic {} has retention.ms={}; as the audit trail it should keep events forever (-1)", name,
                    retention.value());
        }
    }
}
