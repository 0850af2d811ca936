package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.codes.EpcUris;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotAcceptableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The standard query's request and answer, shared by every endpoint that answers like
 * {@code GET /events} (the top-level resources' {@code /{id}/events}, later named
 * queries): {@link #parse} reads {@code perPage}, {@code nextPageToken} and the query
 * parameters; {@link #respond} writes a page as an {@code EPCISQueryDocument} (JSON-LD,
 * JSON or XML by {@code Accept}) with the next page in the {@code Link} header, its
 * identifiers as {@code GS1-EPC-Format} asks ({@link Gs1Formats}): Digital Links by
 * default, as captured on {@code Never_Translates}, EPC URNs (only where captured so,
 * else 406) on {@code Always_EPC_URN}.
 */
final class EpcisResponses {

	static final String JSON_LD = "application/ld+json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EpcisResponses() {
	}

	/** A parsed standard query request. */
	record StandardQuery(EpcisQuery query, int perPage, @Nullable String token) {
	}

	/** The paging parameters of a request. */
	record Paging(int perPage, @Nullable String token) {
	}

	/**
	 * Takes {@code perPage} and {@code nextPageToken} out of {@code params}; a bad
	 * {@code perPage} is added to {@code errors}. For named queries, whose other
	 * parameters are stored.
	 */
	static Paging paging(Map<String, List<String>> params, QueryProperties properties, List<FieldProblem> errors) {
		int perPage = properties.defaultPerPage();
		List<String> perPageValues = params.remove("perPage");
		if (perPageValues != null) {
			try {
				perPage = Integer.parseInt(perPageValues.size() == 1 ? perPageValues.get(0).strip() : "");
				if (perPage < 1 || perPage > properties.maxPerPage()) {
					errors.add(new FieldProblem("perPage", "must be 1.." + properties.maxPerPage()));
				}
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldProblem("perPage", "must be one integer 1.." + properties.maxPerPage()));
			}
		}
		List<String> tokenValues = params.remove("nextPageToken");
		return new Paging(perPage, tokenValues == null || tokenValues.isEmpty() ? null : tokenValues.get(0));
	}

	/**
	 * The query, its page size and token from the request's parameters.
	 * @throws InvalidException {@code QueryParameterException} naming every bad parameter
	 */
	static StandardQuery parse(Map<String, List<String>> params, QueryProperties properties) {
		List<FieldProblem> errors = new ArrayList<>();
		Map<String, List<String>> standard = new LinkedHashMap<>(params);
		Paging paging = paging(standard, properties, errors);
		int perPage = paging.perPage();
		String token = paging.token();
		EpcisQuery query = null;
		try {
			query = EpcisQuery.parse(standard);
		}
		catch (InvalidException ex) {
			errors.addAll(ex.errors());
		}
		if (!errors.isEmpty() || query == null) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception", errors);
		}
		return new StandardQuery(query, perPage, token);
	}

	/**
	 * A page of results as the answer of {@code GET /events}: XML on
	 * {@code Accept: application/xml} or {@code text/xml}, plain JSON on
	 * {@code application/json}, else JSON-LD; the next page's URL (this request's with
	 * {@code nextPageToken}) in {@code Link: <…>; rel="next"}.
	 */
	static ResponseEntity<?> respond(EpcisQueryService.Page page, @Nullable String accept, Clock clock) {
		return respond(page, "SimpleEventQuery", accept, clock);
	}

	/**
	 * As {@link #respond(EpcisQueryService.Page, String, Clock)}, the document naming the
	 * query.
	 */
	static ResponseEntity<?> respond(EpcisQueryService.Page page, String queryName, @Nullable String accept,
			Clock clock) {
		Gs1Formats.Epc format = Gs1Formats.epcAsked().standardAnswer();
		if (format == Gs1Formats.Epc.DIGITAL_LINK) {
			page = new EpcisQueryService.Page(page.events().stream().map(EpcisResponses::toDigitalLinks).toList(),
					page.nextPageToken());
		}
		else if (format == Gs1Formats.Epc.URN) {
			requireUrns(page);
		}
		boolean plainJson = accept != null && accept.contains("application/json") && !accept.contains(JSON_LD);
		boolean xml = Gs1Formats.xmlAccepted(accept);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(xml ? MediaType.APPLICATION_XML
					: plainJson ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(JSON_LD));
		if (page.nextPageToken() != null) {
			response.header(HttpHeaders.LINK, "<" + nextPage(page.nextPageToken()) + ">; rel=\"next\"");
		}
		if (xml) {
			// the same page, written as EPCIS XML by EpcisXmlMessageConverter (the next
			// page is in the Link header above)
			return response.body(new EpcisApiController.EventPage(
					page.events().stream().map(EpcisQueryService.Result::row).toList(), null));
		}
		// bytes: UTF-8 whatever the media type (a String would go out as ISO-8859-1 for
		// application/ld+json)
		return response
			.body(EpcisQueryDocuments.of(queryName, page.events(), clock.instant()).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * For {@code GS1-EPC-Format: Always_EPC_URN}: every GS1 identifier of the page was
	 * captured as an EPC URN (and is answered as captured), else 406. A Digital Link's
	 * EPC URN needs its key's GS1 Company Prefix length, which this service does not
	 * know; identifiers that are not GS1 keys have no URN form and stay as captured.
	 * @throws NotAcceptableException naming the first identifier without a URN
	 */
	static void requireUrns(EpcisQueryService.Page page) {
		for (EpcisQueryService.Result result : page.events()) {
			for (String id : identifiers(result.event())) {
				if (!id.startsWith("urn:") && gs1Key(id)) {
					throw new NotAcceptableException(EpcisHeaders.NOT_ACCEPTABLE,
							"Conflicting request and response headers",
							"Event " + result.row().eventId() + " holds " + id
									+ ", captured as a GS1 Digital Link: its EPC URN needs the GS1 Company Prefix "
									+ "length, which this service does not know. Ask GS1-EPC-Format: Never_Translates "
									+ "or Always_GS1_Digital_Link.",
							List.of(new FieldProblem(Gs1Formats.EPC_HEADER,
									"Always_EPC_URN cannot be honoured for " + id)));
				}
			}
		}
	}

	private static boolean gs1Key(String uri) {
		try {
			return EpcUris.toEventHashForm(uri).isPresent();
		}
		catch (RuntimeException ex) {
			return false; // a malformed EPC URN stays as captured
		}
	}

	/**
	 * The identifier members of an event {@link #toDigitalLinks} translates, as captured.
	 */
	private static List<String> identifiers(JsonNode event) {
		List<String> out = new ArrayList<>();
		for (String list : List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList")) {
			event.path(list).forEach(v -> text(v, out));
		}
		text(event.path("parentID"), out);
		for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")) {
			event.path(list).forEach(q -> text(q.path("epcClass"), out));
		}
		text(event.path("readPoint").path("id"), out);
		text(event.path("bizLocation").path("id"), out);
		event.path("sourceList").forEach(q -> text(q.path("source"), out));
		event.path("destinationList").forEach(q -> text(q.path("destination"), out));
		return out;
	}

	private static void text(JsonNode node, List<String> out) {
		if (node.isString()) {
			out.add(node.asString());
		}
	}

	/**
	 * The event with every GS1 identifier among its EPCs (lists, parent, quantity
	 * classes) and locations (read point, business location, sources and destinations) as
	 * the canonical {@code https://id.gs1.org} Digital Link of the CBV 2.0 hash; other
	 * URIs as captured. The event's hash is the same in either form.
	 */
	static EpcisQueryService.Result toDigitalLinks(EpcisQueryService.Result result) {
		JsonNode copy = result.event().deepCopy();
		if (copy instanceof ObjectNode event) {
			for (String list : List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList")) {
				if (event.get(list) instanceof ArrayNode values) {
					for (int i = 0; i < values.size(); i++) {
						if (values.get(i).isString()) {
							values.set(i, digitalLink(values.get(i).asString()));
						}
					}
				}
			}
			rewrite(event, "parentID");
			for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList",
					"outputQuantityList")) {
				event.path(list).forEach(q -> rewrite(q, "epcClass"));
			}
			rewrite(event.path("readPoint"), "id");
			rewrite(event.path("bizLocation"), "id");
			event.path("sourceList").forEach(q -> rewrite(q, "source"));
			event.path("destinationList").forEach(q -> rewrite(q, "destination"));
		}
		StoredEvent row = result.row();
		return new EpcisQueryService.Result(new StoredEvent(row.rowId(), row.eventHash(), row.eventId(),
				row.eventType(), row.eventTime(), row.eventTimeZoneOffset(), row.recordTime(), row.action(),
				row.bizStep(), row.disposition(), row.readPoint(), row.bizLocation(), row.reporterOrganisationId(),
				JSON.writeValueAsString(copy)), copy);
	}

	private static void rewrite(JsonNode node, String member) {
		if (node instanceof ObjectNode object && object.get(member) != null && object.get(member).isString()) {
			object.put(member, digitalLink(object.get(member).asString()));
		}
	}

	private static String digitalLink(String uri) {
		try {
			return EpcUris.toEventHashForm(uri).orElse(uri);
		}
		catch (RuntimeException ex) {
			return uri; // a malformed EPC URN stays as captured
		}
	}

	/** This request's URL with {@code nextPageToken} set to the token. */
	static String nextPage(String token) {
		return ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("nextPageToken", token)
			.build(true)
			.toUriString();
	}

}
