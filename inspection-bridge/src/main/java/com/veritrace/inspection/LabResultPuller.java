package com.veritrace.inspection;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pull connector: polls a lab system's REST API for new results, page by page from a
 * cursor, and hands each result (metadata + document) to a {@link ResultHandler}. The lab
 * API is described in docs/INSPECTION.md:
 * {@code GET <base>/v1/results?limit=<n>[&cursor=<c>]} answers
 * {@code {"results":[{"id","metadata":{…},"document":{"href","mediaType","sha256"}}],"cursor":"…","hasMore":bool}},
 * and {@code GET <document href>} answers the document's bytes.
 * <p>
 * Calls have timeouts and are retried with backoff ({@link LabConnection#retry()}). The
 * cursor is saved after each page whose results were all handled, so a poll that stops
 * half-way resumes there; handlers must therefore be idempotent (a result may be handed
 * over again). A result the lab got wrong (malformed entry, document digest mismatch,
 * metadata the handler refuses) is skipped and counted, so one bad result does not block
 * the lab's feed; anything else (the lab unreachable, a malformed page, a handler failing
 * for another reason) stops the poll without saving the cursor past the page.
 */
public final class LabResultPuller {

	private static final Logger log = LoggerFactory.getLogger(LabResultPuller.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The most a page of results may weigh (it lists metadata and links; documents come
	 * separately).
	 */
	static final long MAX_PAGE_BYTES = 16 * 1024 * 1024;

	private final LabConnection connection;

	private final HttpCalls calls;

	private final int pageSize;

	private final long maxDocumentBytes;

	public LabResultPuller(LabConnection connection, int pageSize, long maxDocumentBytes) {
		this(connection, pageSize, maxDocumentBytes, RetryPolicy.Sleeper.REAL);
	}

	public LabResultPuller(LabConnection connection, int pageSize, long maxDocumentBytes, RetryPolicy.Sleeper sleeper) {
		if (pageSize < 1 || pageSize > 1000) {
			throw new IllegalArgumentException("pageSize must be 1..1000");
		}
		this.connection = connection;
		this.calls = new HttpCalls(connection, sleeper);
		this.pageSize = pageSize;
		this.maxDocumentBytes = maxDocumentBytes;
	}

	/** One result as the lab lists it. */
	public record LabResult(String id, JsonNode metadata, URI documentUri, @Nullable String mediaType,
			@Nullable DocumentDigest declaredDigest) {
	}

	/**
	 * One page: the results that could be read, the ones skipped as malformed, and where
	 * to go on.
	 */
	public record ResultPage(List<LabResult> results, List<String> malformed, String cursor, boolean hasMore) {
	}

	/** A downloaded document, checked against the digest the lab declared. */
	public record FetchedDocument(byte[] content, @Nullable String mediaType) {
	}

	/**
	 * Takes one result; throws {@link InvalidReportException} for a result that can never
	 * be accepted.
	 */
	@FunctionalInterface
	public interface ResultHandler {

		void handle(LabResult result, FetchedDocument document);

	}

	/** Where a poll's position is kept between polls. */
	public interface CursorStore {

		Optional<String> load();

		void save(String cursor);

	}

	/** What one poll did. */
	public record PollSummary(int pages, int handled, int skipped, @Nullable String cursor) {
	}

	/** Polls until the lab has no more results (or {@code maxPages} were read). */
	public PollSummary poll(CursorStore cursors, ResultHandler handler, int maxPages) {
		String cursor = cursors.load().orElse(null);
		int pages = 0;
		int handled = 0;
		int skipped = 0;
		boolean more = true;
		while (more && pages < maxPages) {
			ResultPage page = fetchPage(cursor);
			pages++;
			skipped += page.malformed().size();
			for (LabResult result : page.results()) {
				try {
					handler.handle(result, fetchDocument(result));
					handled++;
				}
				catch (InvalidReportException ex) {
					skipped++;
					log.warn("Lab {} result {} skipped: {}", this.connection.baseUri(), result.id(), ex.getMessage());
				}
				catch (LabConnectorException ex) {
					if (ex.retryable()) {
						throw ex;
					}
					skipped++;
					log.warn("Lab {} result {} skipped: {}", this.connection.baseUri(), result.id(), ex.getMessage());
				}
			}
			cursor = page.cursor();
			cursors.save(cursor);
			more = page.hasMore();
		}
		log.info("Polled lab {}: {} pages, {} results handled, {} skipped", this.connection.baseUri(), pages, handled,
				skipped);
		return new PollSummary(pages, handled, skipped, cursor);
	}

	/** One page of results after {@code cursor} (from the start when null). */
	public ResultPage fetchPage(@Nullable String cursor) {
		String query = "limit=" + this.pageSize
				+ (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
		URI uri = this.connection.baseUri().resolve("v1/results?" + query);
		HttpCalls.Answer<String> answer = this.calls.send("GET " + uri, () -> authorised(uri),
				CappedBody.utf8(MAX_PAGE_BYTES));
		if (answer.status() != 200) {
			throw new LabConnectorException("GET " + uri + " answered HTTP " + answer.status(), false, answer.status(),
					null);
		}
		JsonNode root;
		try {
			root = JSON.readTree(answer.body());
		}
		catch (JacksonException ex) {
			throw malformed(uri, "not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw malformed(uri, "not a JSON object");
		}
		JsonNode results = root.get("results");
		JsonNode next = root.get("cursor");
		JsonNode hasMore = root.get("hasMore");
		if (results == null || !results.isArray()) {
			throw malformed(uri, "'results' is not a list");
		}
		if (next == null || !next.isString() || next.asString().isBlank()) {
			throw malformed(uri, "'cursor' is missing");
		}
		if (hasMore == null || !hasMore.isBoolean()) {
			throw malformed(uri, "'hasMore' is not true or false");
		}
		List<LabResult> read = new ArrayList<>();
		List<String> bad = new ArrayList<>();
		for (int i = 0; i < results.size(); i++) {
			JsonNode r = results.get(i);
			String problem = problem(r, uri);
			if (problem != null) {
				bad.add("results[" + i + "]: " + problem);
				log.warn("Lab {} listed a malformed result at results[{}]: {}", this.connection.baseUri(), i, problem);
				continue;
			}
			JsonNode doc = r.get("document");
			DocumentDigest digest = doc.hasNonNull("sha256")
					? new DocumentDigest(DocumentHashAlgorithm.SHA_256, doc.get("sha256").asString()) : null;
			read.add(new LabResult(r.get("id").asString(), r.get("metadata"), uri.resolve(doc.get("href").asString()),
					doc.hasNonNull("mediaType") ? doc.get("mediaType").asString() : null, digest));
		}
		return new ResultPage(read, bad, next.asString(), hasMore.booleanValue());
	}

	/**
	 * Downloads a result's document (at most {@code maxDocumentBytes}) and checks it
	 * against the digest the lab declared.
	 */
	public FetchedDocument fetchDocument(LabResult result) {
		URI uri = result.documentUri();
		long max = this.maxDocumentBytes;
		if (!sameOrigin(uri, this.connection.baseUri())) {
			// checked when the page was read too; a LabResult built elsewhere must not
			// carry the token away either
			throw new LabConnectorException("the document of result " + result.id() + " is outside the lab's origin "
					+ origin(this.connection.baseUri()) + ": " + uri, false, 0, null);
		}
		HttpCalls.Answer<byte[]> answer;
		try {
			answer = this.calls.send("GET " + uri, () -> authorised(uri), CappedBody.bytes(max));
		}
		catch (LabConnectorException ex) {
			if (ex.getCause() instanceof CappedBody.TooLargeException) {
				throw new LabConnectorException(
						"the document of result " + result.id() + " is larger than " + max + " bytes", false, 200, ex);
			}
			throw ex;
		}
		if (answer.status() != 200) {
			throw new LabConnectorException("GET " + uri + " answered HTTP " + answer.status(), false, answer.status(),
					null);
		}
		byte[] content = answer.body();
		if (content.length == 0) {
			throw new LabConnectorException("the document of result " + result.id() + " is empty", false, 200, null);
		}
		if (result.declaredDigest() != null) {
			DocumentDigest actual = DocumentDigest.of(DocumentHashAlgorithm.SHA_256,
					DocumentHashAlgorithm.SHA_256.newDigest().digest(content));
			if (!actual.matches(result.declaredDigest())) {
				throw new LabConnectorException("the document of result " + result.id() + " does not match its sha256 "
						+ result.declaredDigest().hex() + " (got " + actual.hex() + ")", false, 200, null);
			}
		}
		return new FetchedDocument(content, answer.contentType());
	}

	private HttpRequest.Builder authorised(URI uri) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
		if (this.connection.secret() != null) {
			builder.header("Authorization", "Bearer " + this.connection.secret());
		}
		return builder;
	}

	private @Nullable String problem(JsonNode r, URI page) {
		if (!r.isObject()) {
			return "not an object";
		}
		if (!r.hasNonNull("id") || !r.get("id").isString() || r.get("id").asString().isBlank()) {
			return "'id' is missing";
		}
		if (!r.hasNonNull("metadata") || !r.get("metadata").isObject()) {
			return "'metadata' is not an object";
		}
		JsonNode doc = r.get("document");
		if (doc == null || !doc.isObject() || !doc.hasNonNull("href") || !doc.get("href").isString()) {
			return "'document.href' is missing";
		}
		URI href;
		try {
			href = page.resolve(URI.create(doc.get("href").asString()));
		}
		catch (IllegalArgumentException ex) {
			return "'document.href' is not a URI";
		}
		if (!sameOrigin(href, this.connection.baseUri())) {
			// the lab's bearer token goes with the request: only to the lab's own origin
			return "'document.href' is outside the lab's origin " + origin(this.connection.baseUri());
		}
		if (doc.hasNonNull("sha256")
				&& !(doc.get("sha256").isString() && doc.get("sha256").asString().matches("[0-9a-fA-F]{64}"))) {
			return "'document.sha256' is not 64 hex digits";
		}
		return null;
	}

	static boolean sameOrigin(URI a, URI b) {
		return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b) && a.getRawUserInfo() == null;
	}

	private static int port(URI uri) {
		return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
	}

	private LabConnectorException malformed(URI uri, String what) {
		return new LabConnectorException("GET " + uri + " answered malformed JSON: " + what, false, 200, null);
	}

}
