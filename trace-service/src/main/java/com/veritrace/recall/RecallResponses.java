package com.veritrace.recall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.events.ItemLots;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners' responses to a recall they were told of (GS1's product recall notification
 * and product removal confirmation): an acknowledgement of receipt (once; the first moves
 * the recall from ISSUED to IN_PROGRESS) and confirmations that they removed the affected
 * items they hold (or listed ones), applied to the recall's progress within seconds. Only
 * a recipient responds: anyone else gets 404, as for a recall they cannot see. An
 * acknowledgement needs {@code read}; a removal confirmation, a statement about items
 * like an event, {@code events:write}.
 */
@Service
public class RecallResponses {

	private static final Logger log = LoggerFactory.getLogger(RecallResponses.class);

	/** Items a confirmation may list. */
	static final int MAX_ITEMS = 10_000;

	private final RecallResponsesStore store;

	private final RecallStore recalls;

	private final RecallService service;

	private final RecallProgressStore progress;

	private final ItemLots itemLots;

	private final AuditLog audit;

	private final Clock clock;

	RecallResponses(RecallResponsesStore store, RecallStore recalls, RecallService service,
			RecallProgressStore progress, ItemLots itemLots, AuditLog audit, Clock clock) {
		this.store = store;
		this.recalls = recalls;
		this.service = service;
		this.progress = progress;
		this.itemLots = itemLots;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A recipient's acknowledgement.
	 *
	 * @param first whether this call recorded it (false: it was acknowledged before)
	 */
	public record Acknowledgement(String recallId, long organisationId, Instant acknowledgedAt, String acknowledgedBy,
			boolean first) {
	}

	/**
	 * A removal confirmation: a note, the quantity the partner removed by its own count
	 * (stock it holds by lot), and the items (serials or Digital Links of the recall's
	 * GTIN) when it confirms only those; without items, every affected item it holds.
	 */
	public record RemovalRequest(@Nullable String note, @Nullable Long quantity, @Nullable List<String> items) {
	}

	/**
	 * A recorded removal confirmation.
	 *
	 * @param itemsHeld affected items last seen with the partner and not yet removed when
	 * it confirmed (what a confirmation without items removes)
	 */
	public record RemovalConfirmation(long id, String recallId, long organisationId, Instant confirmedAt,
			String confirmedBy, @Nullable String note, @Nullable Long quantity, @Nullable List<String> items,
			long itemsHeld) {
	}

	/**
	 * What a recipient sees of its own part in a recall: its acknowledgement, the
	 * affected items and cases last seen with it, its confirmations (newest first).
	 */
	public record PartnerView(String recallId, long organisationId, Instant notifiedAt,
			@Nullable Instant acknowledgedAt, long itemsHeld, long itemsRemoved, long casesHeld, long casesRemoved,
			List<Confirmation> confirmations) {
	}

	/** One of a partner's confirmations. */
	public record Confirmation(long id, Instant confirmedAt, String confirmedBy, @Nullable String note,
			@Nullable Long quantity, int itemsListed, boolean applied, long itemsRemoved) {
	}

	/**
	 * The recipient acknowledges receipt; again is a no-op answering the first.
	 * @throws com.veritrace.shared.NotFoundException when the caller's organisation is
	 * not a recipient of the recall (or there is none)
	 */
	@Transactional
	public Acknowledgement acknowledge(Caller caller, String recallId) {
		caller.require(Scope.READ);
		recipient(caller, recallId);
		boolean first = acknowledge(caller, recallId, this.clock.millis());
		RecallResponsesStore.Recipient recipient = recipient(caller, recallId);
		return new Acknowledgement(recallId, caller.organisationId(),
				Instant.ofEpochMilli(recipient.acknowledgedMs() == null ? 0 : recipient.acknowledgedMs()),
				String.valueOf(recipient.acknowledgedBy()), first);
	}

	private boolean acknowledge(Caller caller, String recallId, long now) {
		boolean first = this.store.acknowledge(recallId, caller.organisationId(), now, caller.label());
		if (first) {
			this.service.started(recallId, caller.organisationId(), caller.label());
			this.audit.record(caller, "recall.acknowledged", recallId, null);
			log.info("Recall {} acknowledged by organisation {}", recallId, caller.organisationId());
		}
		return first;
	}

	/**
	 * The recipient confirms it removed the affected items it holds.
	 * @see #confirmRemoval(Caller, String, RemovalRequest)
	 */
	@Transactional
	public RemovalConfirmation confirmRemoval(Caller caller, String recallId, @Nullable String note) {
		return confirmRemoval(caller, recallId, new RemovalRequest(note, null, null));
	}

	/**
	 * The recipient confirms removal of the affected items it holds, or of the listed
	 * ones. Each confirmation is kept; an item is counted removed once however often it
	 * is confirmed. Acknowledges the recall too, if that was not done.
	 * @throws InvalidException listing every problem (a note too long, a negative
	 * quantity, items that are not affected by the recall...)
	 */
	@Transactional
	public RemovalConfirmation confirmRemoval(Caller caller, String recallId, RemovalRequest request) {
		caller.require(Scope.EVENTS_WRITE);
		recipient(caller, recallId);
		RecallStore.Head head = this.recalls.head(recallId, false);
		List<FieldProblem> problems = new ArrayList<>();
		String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
		if (note != null && note.length() > 2000) {
			problems.add(new FieldProblem("note", "at most 2000 characters"));
		}
		if (request.quantity() != null && (request.quantity() < 0 || request.quantity() > 1_000_000_000_000L)) {
			problems.add(new FieldProblem("quantity", "a count from 0 to 10^12"));
		}
		List<String> serials = request.items() == null ? null : serials(head, request.items(), problems);
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		long now = this.clock.millis();
		acknowledge(caller, recallId, now);
		long id = this.store.insert(recallId, caller.organisationId(), now, caller.label(), note, request.quantity(),
				serials);
		this.progress.enqueueResponse(recallId, id);
		this.service.started(recallId, caller.organisationId(), caller.label());
		this.audit.record(caller, "recall.removal-confirmed", recallId,
				(serials == null ? "all affected items held" : serials.size() + " items")
						+ (request.quantity() == null ? "" : ", quantity " + request.quantity()));
		log.info("Recall {}: organisation {} confirmed removal ({})", recallId, caller.organisationId(),
				serials == null ? "all it holds" : serials.size() + " items listed");
		return new RemovalConfirmation(id, recallId, caller.organisationId(), Instant.ofEpochMilli(now), caller.label(),
				note, request.quantity(), serials, stillHeld(held(recallId, caller.organisationId())));
	}

	/** The caller's part in the recall, as a recipient (404 otherwise). */
	@Transactional(readOnly = true)
	public PartnerView partnerView(Caller caller, String recallId) {
		caller.require(Scope.READ);
		RecallResponsesStore.Recipient recipient = recipient(caller, recallId);
		RecallProgressStore.Totals held = held(recallId, caller.organisationId());
		List<Confirmation> confirmations = this.store.responses(recallId, caller.organisationId())
			.stream()
			.map(r -> new Confirmation(r.id(), Instant.ofEpochMilli(r.atMs()), r.byLabel(), r.note(), r.quantity(),
					r.items() == null ? 0 : r.items().size(), r.appliedMs() != null, r.itemsRemoved()))
			.toList();
		return new PartnerView(recallId, caller.organisationId(), Instant.ofEpochMilli(recipient.notifiedMs()),
				recipient.acknowledgedMs() == null ? null : Instant.ofEpochMilli(recipient.acknowledgedMs()),
				stillHeld(held), held.itemsRemoved(), held.cases() - held.casesRemoved(), held.casesRemoved(),
				confirmations);
	}

	private static long stillHeld(RecallProgressStore.Totals held) {
		return held.items() - held.itemsRemoved();
	}

	private RecallProgressStore.Totals held(String recallId, long organisationId) {
		RecallProgressStore.Build build = this.progress.find(recallId);
		return build == null ? new RecallProgressStore.Totals(0, 0, 0, 0, 0)
				: this.progress.holding(build.id(), organisationId);
	}

	private RecallResponsesStore.Recipient recipient(Caller caller, String recallId) {
		RecallResponsesStore.Recipient recipient = this.store.recipient(recallId, caller.organisationId());
		if (recipient == null) {
			throw RecallService.notFound(recallId);
		}
		return recipient;
	}

	/**
	 * The listed items as serials of the recall's GTIN, each checked to be affected by
	 * the recall.
	 */
	private List<String> serials(RecallStore.@Nullable Head head, List<String> items, List<FieldProblem> problems) {
		if (head == null) {
			return List.of();
		}
		if (items.isEmpty() || items.size() > MAX_ITEMS) {
			problems.add(new FieldProblem("items", "from 1 to " + MAX_ITEMS + " item codes, or none at all to confirm "
					+ "every affected item your organisation holds"));
			return List.of();
		}
		Set<String> serials = new LinkedHashSet<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String item = items.get(i);
			String serial = serial(head.gtin(), item);
			if (serial == null) {
				problems.add(new FieldProblem("items[" + i + "]",
						"not a serial or a Digital Link of GTIN " + head.gtin() + ": '" + clip(item) + "'"));
			}
			else if (serials.add(serial)) {
				positions.add(i);
			}
		}
		Map<String, String> lots = this.itemLots.lotsOf(head.gtin(), serials);
		List<RecallScope> scope = this.recalls.scopes(head.id()).stream().map(RecallStore.ScopeRow::scope).toList();
		int at = 0;
		for (String serial : serials) {
			int position = positions.get(at++);
			if (scope.stream().noneMatch(s -> s.covers(head.gtin(), serial, lots.get(serial)))) {
				problems.add(new FieldProblem("items[" + position + "]",
						"item " + clip(serial) + " of GTIN " + head.gtin() + " is not affected by this recall"));
			}
		}
		return List.copyOf(serials);
	}

	private static @Nullable String serial(String gtin, @Nullable String item) {
		if (item == null || item.isBlank()) {
			return null;
		}
		String text = item.strip();
		if (!text.contains("/")) {
			return text.length() <= 20 ? text : null;
		}
		try {
			DigitalLink link = DigitalLink.parse(text, DigitalLinkOptions.LENIENT);
			String serial = link.value("21");
			String linked = link.primaryKey().value();
			return link.primaryKey().ai().equals("01") && ("0".repeat(14 - linked.length()) + linked).equals(gtin)
					? serial : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String clip(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

}
