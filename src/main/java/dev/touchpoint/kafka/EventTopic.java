package dev.touchpoint.kafka;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import dev.touchpoint.config.TouchpointConfig;
import io.quarkus.runtime.Startup;

/**
 * The topic that carries accepted events: created at start-up when missing. Its topic id
 * tells the consumer whether offsets stored in the database belong to this very topic
 * (a recreated topic or a fresh broker starts again from its beginning).
 */
@Startup
@ApplicationScoped
public class EventTopic {

    private static final Logger LOG = Logger.getLogger(EventTopic.class);

    private final String name;
    private final String topicId;
    private final int partitions;

    @Inject
    public EventTopic(KafkaClients clients, TouchpointConfig config) throws Exception {
        this.name = config.kafka().topic();
        try (Admin admin = clients.admin()) {
            create(admin, config.kafka());
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(name);
            this.topicId = description.topicId().toString();
            this.partitions = description.partitions().size();
        }
        LOG.infof("Topic %s (id %s) has %d partitions", name, topicId, partitions);
    }

    private void create(Admin admin, TouchpointConfig.Kafka kafka) throws Exception {
        NewTopic topic = new NewTopic(name, Optional.of(kafka.partitions()), Optional.of(kafka.replicationFactor()));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("Created topic %s with %d partitions", name, kafka.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public String name() {
        return name;
    }

    public String topicId() {
        return topicId;
    }

    public int partitions() {
        return partitions;
    }
}
