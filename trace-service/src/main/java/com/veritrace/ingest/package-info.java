/**
 * Partner streams in the service: the in-process queue of the embedded default, the Kafka runner and the sink
 * that stores only events of known reporters.
 */
@NullMarked
package com.veritrace.ingest;

import org.jspecify.annotations.NullMarked;
