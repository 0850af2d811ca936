package com.veritrace.feeds;

import java.util.List;

import com.veritrace.shared.NodeRoles;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code kafkaIngest}, a member of the readiness group: on a node that consumes Kafka
 * (the ingest role and {@code veritrace.ingest.transport=kafka}), DOWN once a consumer
 * stopped on an error or none runs; UP where this node consumes no Kafka (its readiness
 * does not depend on it).
 */
@Component("kafkaIngest")
class KafkaIngestHealth implements HealthIndicator {

	private final KafkaIngestRunner runner;

	private final boolean consumes;

	KafkaIngestHealth(KafkaIngestRunner runner, NodeRoles roles, IngestProperties properties) {
		this.runner = runner;
		this.consumes = roles.has(NodeRoles.Role.INGEST) && properties.transport() == IngestProperties.Transport.KAFKA;
	}

	@Override
	public Health health() {
		if (!this.consumes) {
			return Health.up().withDetail("consumes", false).build();
		}
		List<Throwable> failures = this.runner.failures();
		if (!this.runner.isRunning() || !failures.isEmpty()) {
			return Health.down().withDetail("failedConsumers", failures.size()).build();
		}
		return Health.up().withDetail("consumes", true).build();
	}

}
