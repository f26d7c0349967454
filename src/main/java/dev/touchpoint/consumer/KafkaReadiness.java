package dev.touchpoint.consumer;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.touchpoint.kafka.KafkaClients;

/**
 * Ready only while the broker answers and the attribution consumer is storing: a load
 * balancer then stops sending events to an instance that could not acknowledge them.
 * (The database's own readiness check comes with the datasource.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final Admin admin;
    private final AttributionConsumer consumer;
    private final String bootstrap;

    @Inject
    public KafkaReadiness(KafkaClients clients, AttributionConsumer consumer) {
        this.admin = clients.admin();
        this.consumer = consumer;
        this.bootstrap = clients.bootstrapServers();
    }

    @Override
    public HealthCheckResponse call() {
        boolean broker;
        try {
            broker = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                    .get(2500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (Exception e) {
            broker = false;
        }
        return HealthCheckResponse.named("kafka")
                .status(broker && consumer.healthy())
                .withData("bootstrap", bootstrap)
                .withData("broker", broker)
                .withData("consumer", consumer.healthy())
                .build();
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
