package com.veritrace.portal;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import com.veritrace.anchoring.ProofService;
import com.veritrace.events.EventBrowser;
import com.veritrace.events.StoredEvent;
import com.veritrace.events.TimelineService;
import com.veritrace.feeds.DeadLetterStore;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * Events in the portal: browse and search the organisation's events (what the event query
 * API shows it), an item's journey with each event's hash and anchoring status, and the
 * refused records of its feeds; a lot's journey.
 */
@Controller
@RequestMapping("/portal")
class EventPagesController {

	static final int PAGE = 50;

	private static final Pattern HASH_HEX = Pattern.compile("ni:///[a-z0-9-]+;([0-9a-f]{64})\\?ver=CBV2\\.0");

	private final EventBrowser browser;

	private final TimelineService timelines;

	private final ProofService proofs;

	private final DeadLetterStore deadLetters;

	private final OrganisationRepository organisations;

	EventPagesController(EventBrowser browser, TimelineService timelines, ProofService proofs,
			DeadLetterStore deadLetters, OrganisationRepository organisations) {
		this.organisations = organisations;
		this.browser = browser;
		this.timelines = timelines;
		this.proofs = proofs;
		this.deadLetters = deadLetters;
	}

	/** The search form's fields, as typed. */
	public record Search(String code, String gtin, String lot, String sscc, String bizStep, String from, String to) {

		EventBrowser.Filter filter() {
			return new EventBrowser.Filter(this.code, this.gtin, this.lot, this.sscc, this.bizStep, this.from, this.to);
		}

		/** The fields by name, for the form. */
		public Map<String, String> fields() {
			return Map.of("code", this.code, "gtin", this.gtin, "lot", this.lot, "sscc", this.sscc, "bizStep",
					this.bizStep, "from", this.from, "to", this.to);
		}

		/** The query string that keeps the search on the next page. */
		String query() {
			StringBuilder q = new StringBuilder();
			append(q, "code", this.code);
			append(q, "gtin", this.gtin);
			append(q, "lot", this.lot);
			append(q, "sscc", this.sscc);
			append(q, "bizStep", this.bizStep);
			append(q, "from", this.from);
			append(q, "to", this.to);
			return q.toString();
		}

		private static void append(StringBuilder q, String name, String value) {
			if (!value.isBlank()) {
				q.append('&').append(name).append('=').append(UriUtils.encodeQueryParam(value.strip(), "UTF-8"));
			}
		}

	}

	/** One line of the list or the journey. */
	public record Row(StoredEvent event, String shortType, @Nullable String bizStep, @Nullable String disposition,
			@Nullable String where, String hashHex, String status, String reporter) {
	}

	@GetMapping("/events")
	String events(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "") String code,
			@RequestParam(defaultValue = "") String gtin, @RequestParam(defaultValue = "") String lot,
			@RequestParam(defaultValue = "") String sscc, @RequestParam(defaultValue = "") String bizStep,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(required = false) @Nullable String after, Model model) {
		Search search = new Search(code, gtin, lot, sscc, bizStep, from, to);
		model.addAttribute("search", search);
		model.addAttribute("bizSteps", BIZ_STEPS);
		Map<String, String> errors = new java.util.LinkedHashMap<>();
		EventBrowser.Page page;
		try {
			page = this.browser.browse(caller, search.filter(), after, PAGE);
		}
		catch (InvalidException ex) {
			for (FieldProblem problem : ex.errors()) {
				errors.putIfAbsent(problem.field(), problem.reason());
			}
			page = new EventBrowser.Page(List.of(), null);
		}
		model.addAttribute("errors", errors);
		model.addAttribute("rows", rows(page.events()));
		model.addAttribute("next", page.next() == null ? null
				: "/portal/events?after=" + UriUtils.encodeQueryParam(page.next(), "UTF-8") + search.query());
		return "portal/events/list";
	}

	/**
	 * An item's journey: {@code /portal/events/items/01/<gtin>/21/<serial>} (the Digital
	 * Link path), an EPC URN or SGTIN-96 hex; or {@code ?code=} with any of those.
	 */
	@GetMapping({ "/events/items", "/events/items/**" })
	String item(@AuthenticationPrincipal Caller caller, HttpServletRequest request,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String after, Model model) {
		String text = code;
		if (text == null || text.isBlank()) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			text = UriUtils.decode(path.substring(Math.min(path.length(), "/portal/events/items/".length())), "UTF-8");
		}
		EventBrowser.Item item = EventBrowser.item(text);
		TimelineService.Timeline timeline = this.timelines.item(caller, item.gtin(), item.serial(), null, after, PAGE);
		model.addAttribute("item", item);
		model.addAttribute("lot", timeline.lotNumber());
		model.addAttribute("rows", rows(timeline.events()));
		model.addAttribute("next", timeline.next() == null ? null
				: itemPath(item) + "?after=" + UriUtils.encodeQueryParam(timeline.next(), "UTF-8"));
		return "portal/events/item";
	}

	/**
	 * A lot's journey: the events on the lot itself (production, inspection, recall...),
	 * oldest first, for those who may read the product (its brand, regulators).
	 */
	@GetMapping("/events/lots/{gtin}/{lot}")
	String lot(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String lot,
			@RequestParam(required = false) @Nullable String after, Model model) {
		TimelineService.Timeline timeline = this.timelines.lot(caller, gtin, lot, after, PAGE);
		model.addAttribute("gtin", timeline.gtin());
		model.addAttribute("lot", lot);
		model.addAttribute("rows", rows(timeline.events()));
		model.addAttribute("next", timeline.next() == null ? null
				: lotPath(timeline.gtin(), lot) + "?after=" + UriUtils.encodeQueryParam(timeline.next(), "UTF-8"));
		return "portal/events/lot";
	}

	/** The journey page of a lot. */
	static String lotPath(String gtin, String lot) {
		return "/portal/events/lots/" + gtin + "/" + UriUtils.encodePathSegment(lot, "UTF-8");
	}

	/** The journey page of an item: its Digital Link path under the portal. */
	static String itemPath(EventBrowser.Item item) {
		return "/portal/events/items/01/" + item.gtin() + "/21/" + UriUtils.encodePathSegment(item.serial(), "UTF-8");
	}

	static final int DEAD_LETTERS = 50;

	@GetMapping("/dead-letters")
	String deadLetters(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable Long before,
			Model model) {
		// the same rule and the same store as GET /api/v1/ingest/dead-letters
		List<DeadLetterStore.DeadLetter> letters = this.deadLetters.page(caller, before, DEAD_LETTERS + 1);
		model.addAttribute("letters", letters.size() > DEAD_LETTERS ? letters.subList(0, DEAD_LETTERS) : letters);
		model.addAttribute("next", letters.size() > DEAD_LETTERS
				? "/portal/dead-letters?before=" + letters.get(DEAD_LETTERS - 1).id() : null);
		return "portal/events/dead-letters";
	}

	private List<Row> rows(List<StoredEvent> events) {
		Map<Long, String> status = this.proofs.statuses(events.stream().map(StoredEvent::rowId).toList());
		Map<Long, String> names = new java.util.HashMap<>();
		for (Organisation o : this.organisations
			.findAllById(events.stream().map(StoredEvent::reporterOrganisationId).distinct().toList())) {
			names.put(o.getId(), o.getName());
		}
		return events.stream().map(e -> {
			Matcher hex = HASH_HEX.matcher(e.eventHash());
			return new Row(e, e.eventType().replace("Event", ""), shortCbv(e.bizStep()), shortCbv(e.disposition()),
					shortCbv(e.readPoint() != null ? e.readPoint() : e.bizLocation()),
					hex.matches() ? hex.group(1) : HexFormat.of().formatHex(new byte[0]),
					status.getOrDefault(e.rowId(), "PENDING"),
					names.getOrDefault(e.reporterOrganisationId(), String.valueOf(e.reporterOrganisationId())));
		}).toList();
	}

	/** The last segment of a CBV or GS1 URI ("shipping", "sgln:…"), for the table. */
	private static @Nullable String shortCbv(@Nullable String uri) {
		if (uri == null) {
			return null;
		}
		int slash = uri.lastIndexOf('/');
		if (uri.startsWith("https://ref.gs1.org/cbv/") && slash >= 0) {
			String last = uri.substring(slash + 1);
			int dash = last.indexOf('-');
			return dash >= 0 ? last.substring(dash + 1) : last;
		}
		return uri;
	}

	/** The CBV 2.0 bizSteps offered in the search form. */
	static final List<String> BIZ_STEPS = List.of("commissioning", "packing", "shipping", "receiving", "storing",
			"inspecting", "unpacking", "retail_selling", "accepting", "departing", "arriving", "loading", "unloading",
			"decommissioning", "destroying", "recalling");

}
