package com.veritrace.ingest.connect;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consumer's clients without a broker: a setting only the dead-letter producer reads,
 * and refuses, fails the construction without leaving the Kafka consumer made before it
 * open (each open client is registered in JMX under its client id).
 */
class KafkaIngestConsumerTests {

	@Test
	void settingsTheProducerRefusesCloseTheConsumerMadeBeforeIt() throws Exception {
		String name = "leak-check-" + System.nanoTime();
		IngestPipeline pipeline = new IngestPipeline(new PartnerFormats(new EpcisDocumentParser()), new EventHasher(),
				new IngestPipelineTests.MemorySink(), (ex) -> false, 4);
		Map<String, Object> client = Map.of("bootstrap.servers", "127.0.0.1:9", "group.id", name,
				// a producer setting only: the consumer and admin client ignore it
				"linger.ms", "not a number");
		assertThatThrownBy(() -> new KafkaIngestConsumer(name, client, new PartnerTopics("leak"), pipeline,
				new KafkaIngestConsumer.Settings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1),
						Duration.ofSeconds(1)),
				new IngestMetrics(new SimpleMeterRegistry(), "kafka")))
			.isInstanceOf(ConfigException.class)
			.hasMessageContaining("linger.ms");
		Set<ObjectName> open = ManagementFactory.getPlatformMBeanServer()
			.queryNames(new ObjectName("kafka.consumer:type=app-info,id=" + name), null);
		assertThat(open).as("the consumer's registration, gone when it is closed").isEmpty();
	}

}
