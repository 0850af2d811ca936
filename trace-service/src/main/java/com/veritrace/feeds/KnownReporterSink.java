package com.veritrace.feeds;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EventSink;
import com.veritrace.tenancy.OrganisationRepository;

/**
 * The event store as the ingest pipeline's sink, refusing everything reported in the name
 * of an organisation that does not exist (a topic {@code veritrace.<id>.<stream>} can
 * name any id; an event touching no GTIN would otherwise pass the grant checks). Known
 * organisations are cached: they are never deleted.
 */
final class KnownReporterSink implements EventSink {

	private final EventRecorder recorder;

	private final OrganisationRepository organisations;

	private final Set<Long> known = ConcurrentHashMap.newKeySet();

	KnownReporterSink(EventRecorder recorder, OrganisationRepository organisations) {
		this.recorder = recorder;
		this.organisations = organisations;
	}

	@Override
	public List<Outcome> accept(String organisationId, List<HashedEvent> events) {
		long id = Long.parseLong(organisationId);
		if (!this.known.contains(id)) {
			if (!this.organisations.existsById(id)) {
				return events.stream()
					.map(e -> Outcome.rejected(e.hash(), "organisation " + id + " does not exist"))
					.toList();
			}
			this.known.add(id);
		}
		return this.recorder.accept(organisationId, events);
	}

}
