package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What the EPCIS query resources share ({@code GET /events} and {@code GET
 * /queries/{name}/events}): reading {@code perPage} and {@code nextPageToken}, and
 * writing a page as JSON-LD, plain JSON or EPCIS XML by the Accept header, with the next
 * page in the {@code Link} header.
 */
final class EpcisResponses {

	private EpcisResponses() {
	}

	/** The paging parameters of a request. */
	record Paging(int perPage, @Nullable String token) {
	}

	/**
	 * Takes {@code perPage} and {@code nextPageToken} out of {@code params}; a bad
	 * {@code perPage} is added to {@code errors}.
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
	 * A page of results as the client asked: EPCIS XML on {@code application/xml} or
	 * {@code text/xml} (without JSON), plain JSON on {@code application/json}, else
	 * JSON-LD; the next page, if any, in {@code Link: <...>; rel="next"} (this request's
	 * URL with the token).
	 */
	static ResponseEntity<?> page(EpcisQueryService.Page page, String queryName, @Nullable String accept, Instant now) {
		boolean plainJson = accept != null && accept.contains("application/json")
				&& !accept.contains(EpcisApiController.JSON_LD);
		boolean xml = accept != null && !accept.contains("json")
				&& (accept.contains("application/xml") || accept.contains("text/xml"));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(xml ? MediaType.APPLICATION_XML
					: plainJson ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(EpcisApiController.JSON_LD));
		if (page.nextPageToken() != null) {
			String next = ServletUriComponentsBuilder.fromCurrentRequest()
				.replaceQueryParam("nextPageToken", page.nextPageToken())
				.build(true)
				.toUriString();
			response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		if (xml) {
			// the same page, written as EPCIS XML by EpcisXmlMessageConverter (the next
			// page is in the Link header above)
			return response.body(new EpcisApiController.EventPage(
					page.events().stream().map(EpcisQueryService.Result::row).toList(), null));
		}
		// bytes: UTF-8 whatever the media type (a String would go out as ISO-8859-1 for
		// application/ld+json)
		return response.body(EpcisQueryDocuments.of(queryName, page.events(), now).getBytes(StandardCharsets.UTF_8));
	}

}
