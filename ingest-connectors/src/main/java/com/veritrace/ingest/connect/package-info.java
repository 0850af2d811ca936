/**
 * Connectors around the EPCIS core: the partner streams and their record formats
 * ({@link IngestStream}, {@link PartnerFormats}), the framework-free batch path every
 * transport runs ({@link IngestPipeline}: parse and validate, hash, hand to the
 * {@link com.veritrace.ingest.EventSink}, sort out dead letters), and the Kafka transport
 * ({@link KafkaIngestConsumer}: topic per partner organisation and stream, manual commits
 * after the store committed, dead-letter topics). A named interface of the {@code ingest}
 * module: users name it ({@code "ingest::connect"}) in their allowed dependencies.
 */
@NamedInterface("connect")
@NullMarked
package com.veritrace.ingest.connect;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
