package com.veritrace.feeds;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka consumers' static group membership (issue 18): stable per node and consumer,
 * so that a restarted node gets its partitions back without waiting for its old session.
 */
class KafkaIngestRunnerTests {

	private static IngestProperties.Kafka kafka(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("veritrace.ingest", IngestProperties.class)
			.kafka();
	}

	@Test
	void eachConsumerIsAStaticMemberNamedAfterTheNode() {
		IngestProperties.Kafka kafka = kafka(Map.of());
		assertThat(KafkaIngestRunner.groupInstanceId(kafka, "ingest-1", 0)).isEqualTo("ingest-1-0");
		assertThat(KafkaIngestRunner.groupInstanceId(kafka, "ingest-1", 2)).isEqualTo("ingest-1-2");
	}

	@Test
	void theOperatorsOwnInstanceIdIsTheBase() {
		IngestProperties.Kafka kafka = kafka(
				Map.of("veritrace.ingest.kafka.properties[group.instance.id]", "rack-a-ingest"));
		assertThat(KafkaIngestRunner.groupInstanceId(kafka, "ingest-1", 1)).isEqualTo("rack-a-ingest-1");
	}

}
