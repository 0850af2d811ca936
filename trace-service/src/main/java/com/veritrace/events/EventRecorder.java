package com.veritrace.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventType;
import com.veritrace.ingest.EventSink;
import com.veritrace.ingest.ItemId;
import com.veritrace.ingest.LotId;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.shared.DomainException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * The event store behind the {@link EventSink} port: checks that the reporter may report
 * each event (it is the brand of every GTIN the event touches, or holds an EVENTS grant
 * for it), then stores the accepted ones in one batch. A duplicate (same hash) is
 * acknowledged, not stored again.
 */
@Service
public class EventRecorder implements EventSink {

	private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

	private final EventWriter writer;

	private final StoredEventReader reader;

	private final GrantService grants;

	private final ContainerOwners containers;

	EventRecorder(EventWriter writer, StoredEventReader reader, GrantService grants, ContainerOwners containers) {
		this.writer = writer;
		this.reader = reader;
		this.grants = grants;
		this.containers = containers;
	}

	@Override
	public List<Outcome> accept(String organisationId, List<HashedEvent> events) {
		return record(Long.parseLong(organisationId), events);
	}

	/** Checks, then stores what passes; outcomes in the order of {@code events}. */
	public List<Outcome> record(long reporterId, List<HashedEvent> events) {
		return record(reporterId, events, false);
	}

	/**
	 * Checks, then stores. With {@code allOrNothing}, one refused event means none is
	 * stored: the others come back REJECTED too, saying so.
	 */
	public List<Outcome> record(long reporterId, List<HashedEvent> events, boolean allOrNothing) {
		return record(reporterId, GrantRight.EVENTS, events, allOrNothing);
	}

	/**
	 * As {@link #record(long, List, boolean)}, checking that the reporter holds
	 * {@code right} instead of EVENTS: an inspection lab records its reports' events
	 * under its REPORTS grant.
	 */
	public List<Outcome> record(long reporterId, GrantRight right, List<HashedEvent> events, boolean allOrNothing) {
		List<Outcome> outcomes = new ArrayList<>(events.size());
		List<NewEvent> accepted = new ArrayList<>(events.size());
		List<Integer> positions = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			HashedEvent hashed = events.get(i);
			String refusal = refusal(reporterId, right, hashed.event());
			if (refusal != null) {
				outcomes.add(Outcome.rejected(hashed.hash(), refusal));
				continue;
			}
			if (hashed.hash().digest().length != 32) {
				outcomes.add(Outcome.rejected(hashed.hash(), "only SHA-256 event hash IDs are stored and anchored"));
				continue;
			}
			outcomes.add(null);
			accepted.add(toNewEvent(reporterId, hashed));
			positions.add(i);
		}
		if (allOrNothing && accepted.size() < events.size()) {
			for (int position : positions) {
				outcomes.set(position, Outcome.rejected(events.get(position).hash(),
						"not stored: another event of the same capture was refused and the capture rolls back"));
			}
			return outcomes;
		}
		if (!accepted.isEmpty()) {
			List<EventWriter.Outcome> stored = appendRetryingRaces(accepted);
			for (int j = 0; j < stored.size(); j++) {
				HashedEvent hashed = events.get(positions.get(j));
				outcomes.set(positions.get(j), stored.get(j) == EventWriter.Outcome.STORED
						? Outcome.stored(hashed.hash()) : Outcome.duplicate(hashed.hash()));
			}
		}
		return outcomes;
	}

	/**
	 * Stores events the service itself writes for an organisation whose right to them it
	 * has checked already (a recall, issued by a brand or a regulator), in the caller's
	 * transaction: no grant check, no retry (the event is new by construction), and not
	 * passed to {@link RecalledEvents} (a recall's own event is no event on a recalled
	 * item).
	 */
	public List<Outcome> recordOnBehalf(long reporterId, List<HashedEvent> events) {
		List<NewEvent> rows = events.stream().map(e -> toNewEvent(reporterId, e)).toList();
		List<EventWriter.Outcome> stored = this.writer.append(rows, false);
		List<Outcome> outcomes = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			outcomes.add(stored.get(i) == EventWriter.Outcome.STORED ? Outcome.stored(events.get(i).hash())
					: Outcome.duplicate(events.get(i).hash()));
		}
		return outcomes;
	}

	/** A stored event by its 32-byte digest, or null. */
	public @Nullable StoredEvent find(byte[] digest) {
		return this.reader.findByHash(digest);
	}

	/** Attempts at a batch that races other writers of the same events. */
	static final int RACE_ATTEMPTS = 5;

	/**
	 * Stores a batch, retrying when a concurrent writer of the same events got there
	 * first: InnoDB reports that as a duplicate key or, when two batches lock the same
	 * unique keys in different orders, as a deadlock. Storing is idempotent on the hash,
	 * so a retry re-checks what exists.
	 */
	private List<EventWriter.Outcome> appendRetryingRaces(List<NewEvent> events) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.writer.append(events);
			}
			catch (DuplicateKeyException | PessimisticLockingFailureException race) {
				if (attempt >= RACE_ATTEMPTS) {
					throw race;
				}
				log.debug("Concurrent insert of the same events ({}); retrying the batch",
						race.getClass().getSimpleName());
				try {
					Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw race;
				}
			}
		}
	}

	private @Nullable String refusal(long reporterId, GrantRight right, EpcisEvent event) {
		Set<String> problems = new LinkedHashSet<>();
		for (ItemId item : event.identifiers().items()) {
			if (item.serial().length() > 20) {
				problems.add("serial of " + item.gtin() + " is longer than GS1 AI 21 allows (20)");
			}
			check(reporterId, right, item.gtin(), null, problems);
		}
		for (LotId lot : event.identifiers().lots()) {
			if (lot.lot().length() > 20) {
				problems.add("lot of " + lot.gtin() + " is longer than GS1 AI 10 allows (20)");
			}
			check(reporterId, right, lot.gtin(), lot.lot(), problems);
		}
		if (problems.isEmpty()) {
			checkContainers(reporterId, event, problems);
		}
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

	/**
	 * Containers belong to someone. The SSCCs an AggregationEvent names (parent and
	 * children) and any event's SSCC parentID may be reported on only by their holder or
	 * by an organisation holding an EVENTS grant from it; an SSCC nobody holds yet
	 * becomes the reporter's (the first to pack into it holds it, as with the aggregation
	 * API). Without this, one brand could close or fill another's containers and so
	 * change its items' journeys.
	 */
	private void checkContainers(long reporterId, EpcisEvent event, Set<String> problems) {
		Set<String> ssccs = new LinkedHashSet<>();
		if (event.type() == EventType.AggregationEvent) {
			ssccs.addAll(event.identifiers().ssccs());
		}
		for (String parent : event.identifiers().parentIds()) {
			int at = parent.lastIndexOf("/00/");
			if (at >= 0 && parent.length() >= at + 4 + 18) {
				String sscc = parent.substring(at + 4, at + 4 + 18);
				if (sscc.chars().allMatch(Character::isDigit)) {
					ssccs.add(sscc);
				}
			}
		}
		for (String sscc : ssccs) {
			Long owner = this.containers.ownerOf(sscc);
			if (owner == null) {
				owner = this.containers.claim(sscc, reporterId);
			}
			if (!this.grants.mayReportOnContainer(reporterId, owner)) {
				problems
					.add("SSCC " + sscc + " is held by another organisation, which has not granted your organisation "
							+ "the right to report EVENTS");
			}
		}
	}

	private void check(long reporterId, GrantRight right, String gtin, @Nullable String lot, Set<String> problems) {
		try {
			this.grants.checkMayReport(reporterId, right, gtin, lot);
		}
		catch (DomainException refused) {
			problems.add(refused.getMessage());
		}
	}

	private static NewEvent toNewEvent(long reporterId, HashedEvent hashed) {
		EpcisEvent e = hashed.event();
		List<NewEvent.ItemKey> items = e.identifiers()
			.items()
			.stream()
			.map(i -> new NewEvent.ItemKey(i.gtin(), i.serial()))
			.toList();
		List<NewEvent.LotKey> lots = e.identifiers()
			.lots()
			.stream()
			.map(l -> new NewEvent.LotKey(l.gtin(), l.lot()))
			.toList();
		return new NewEvent(hashed.hash().digest(), hashed.hash().algorithm().niName(), e.eventId(), e.type().name(),
				e.eventTime(), e.eventTimeZoneOffset(), e.action() == null ? null : e.action().name(), e.bizStep(),
				e.disposition(), e.readPointId(), e.bizLocationId(), reporterId, selfContained(e), items, lots);
	}

	/**
	 * The event's JSON with the namespace prefixes it was captured under (often declared
	 * only in the capture document's {@code @context}) carried in its own
	 * {@code @context}, so that the stored event alone re-hashes to its hash ID: for
	 * anyone verifying it, and for the integrity job.
	 */
	static String selfContained(EpcisEvent e) {
		if (e.namespaces().isEmpty()) {
			return e.jsonText();
		}
		tools.jackson.databind.node.ObjectNode json = e.json();
		tools.jackson.databind.node.ObjectNode prefixes = json.objectNode();
		e.namespaces()
			.entrySet()
			.stream()
			.sorted(java.util.Map.Entry.comparingByKey())
			.forEach(n -> prefixes.put(n.getKey(), n.getValue()));
		tools.jackson.databind.node.ArrayNode context = json.arrayNode();
		tools.jackson.databind.JsonNode own = json.get("@context");
		if (own != null && own.isArray()) {
			own.forEach(context::add);
		}
		else if (own != null) {
			context.add(own);
		}
		context.add(prefixes);
		json.set("@context", context);
		return json.toString();
	}

}
