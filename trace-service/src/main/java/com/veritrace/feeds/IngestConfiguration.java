package com.veritrace.feeds;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;

import com.veritrace.TaskConfiguration;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.PartnerFormats;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.tenancy.OrganisationRepository;
import com.veritrace.shared.NodeRoles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Wires the ingest pipeline to the event store; the transports live in their own beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

	@Bean
	PartnerFormats partnerFormats(EpcisDocumentParser parser) {
		return new PartnerFormats(parser);
	}

	@Bean
	PartnerTopics partnerTopics(IngestProperties properties) {
		return new PartnerTopics(properties.topicPrefix());
	}

	@Bean
	IngestPipeline ingestPipeline(PartnerFormats formats, EventRecorder recorder, OrganisationRepository organisations,
			IngestProperties properties) {
		return new IngestPipeline(formats, new EventHasher(), new KnownReporterSink(recorder, organisations),
				IngestConfiguration::isTransient, properties.parallelThreshold());
	}

	@Bean(destroyMethod = "close")
	InProcessIngestQueue inProcessIngestQueue(IngestPipeline pipeline, IngestProperties properties,
			MeterRegistry registry, TaskConfiguration.LoopThreads threads, DeadLetterStore deadLetters) {
		return new InProcessIngestQueue(pipeline, properties.queue(), registry, threads, deadLetters);
	}

	@Bean
	KafkaIngestRunner kafkaIngestRunner(IngestPipeline pipeline, PartnerTopics topics, IngestProperties properties,
			MeterRegistry registry, DeadLetterStore deadLetters, NodeRoles roles) {
		return new KafkaIngestRunner(pipeline, topics, properties, registry, deadLetters, roles);
	}

	/**
	 * Failures that may pass by themselves (database down, lock wait, deadlock): retried,
	 * not dead-lettered.
	 */
	static boolean isTransient(Throwable ex) {
		Predicate<Throwable> transientType = t -> t instanceof TransientDataAccessException
				|| t instanceof RecoverableDataAccessException || t instanceof DataAccessResourceFailureException
				|| t instanceof CannotCreateTransactionException || t instanceof TransactionSystemException
				|| t instanceof SQLTransientException || t instanceof SQLRecoverableException
				|| t instanceof java.net.ConnectException;
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (transientType.test(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

}
