package dev.touchpoint.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private final String deadLetterName;
    private final String topicId;
    private final int partitions;

    @Inject
    public EventTopic(KafkaClients clients, TouchpointConfig config) throws Exception {
        this.name = config.kafka().topic();
        this.deadLetterName = config.kafka().deadLetterTopic();
        try (Admin admin = clients.admin()) {
            short replicas = config.kafka().replicationFactor();
            // One round trip on every start but the first: ask which topics exist, create only the missing ones.
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(name)) {
                create(admin, durable(new NewTopic(name, Optional.of(config.kafka().partitions()), Optional.of(replicas))));
            }
            if (!existing.contains(deadLetterName)) {
                create(admin, durable(new NewTopic(deadLetterName, Optional.of(1), Optional.of(replicas))));
            }
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(name);
            this.topicId = description.topicId().toString();
            this.partitions = description.partitions().size();
        }
        LOG.infof("Topic %s (id %s) has %d partitions", name, topicId, partitions);
    }

    /**
     * With three or more replicas, {@code acks=all} should mean at least two copies: a topic
     * created here gets {@code min.insync.replicas=2}. (With the broker's default factor, the
     * broker's own settings apply.)
     */
    private static NewTopic durable(NewTopic topic) {
        if (topic.replicationFactor() >= 3) {
            topic.configs(java.util.Map.of("min.insync.replicas", "2"));
        }
        return topic;
    }

    private static void create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("Created topic %s with %d partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public String name() {
        return name;
    }

    /** Where records that cannot be decoded or stored go, with the reason. */
    public String deadLetterName() {
        return deadLetterName;
    }

    public String topicId() {
        return topicId;
    }

    public int partitions() {
        return partitions;
    }
}
