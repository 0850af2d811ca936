package com.veritrace.inspection;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook sender: tells a lab system that a brand requests an inspection, by
 * {@code POST <base>/v1/inspection-requests} with a JSON body (docs/INSPECTION.md). Each
 * delivery carries {@code X-Veritrace-Delivery} (the same id on every retry, for the lab
 * to drop repeats), {@code X-Veritrace-Timestamp} (epoch seconds) and
 * {@code X-Veritrace-Signature: sha256=<hex>}, an HMAC-SHA256 under the shared secret of
 * {@code <timestamp>.<body>}. 2xx is delivered (a {@code labReference} in the answer is
 * read when there is one; an unreadable answer body does not undo a delivery); 4xx other
 * than 408/429 is refused and not retried; timeouts, 5xx, 408 and 429 are retried with
 * backoff.
 */
public final class LabWebhookSender {

	/**
	 * A lab's answer to a webhook is an acknowledgement with a reference: never more than
	 * this is read.
	 */
	static final long MAX_ANSWER_BYTES = 64 * 1024;

	private static final Logger log = LoggerFactory.getLogger(LabWebhookSender.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LabConnection connection;

	private final HttpCalls calls;

	private final Clock clock;

	public LabWebhookSender(LabConnection connection, Clock clock) {
		this(connection, clock, RetryPolicy.Sleeper.REAL);
	}

	public LabWebhookSender(LabConnection connection, Clock clock, RetryPolicy.Sleeper sleeper) {
		if (connection.secret() == null || connection.secret().length() < 16) {
			throw new IllegalArgumentException("a webhook needs a shared secret of at least 16 characters");
		}
		this.connection = connection;
		this.calls = new HttpCalls(connection, sleeper);
		this.clock = clock;
	}

	/** What a brand asks a lab to inspect. */
	public record InspectionRequest(String requestId, long brandId, String brandName, String gtin, String lotNumber,
			List<String> requestedTests, @Nullable LocalDate dueBy, URI reportUploadUri) {

		public InspectionRequest {
			requestedTests = List.copyOf(requestedTests);
		}

	}

	/**
	 * The lab accepted the request after {@code attempts} calls; {@code labReference}
	 * when it named one.
	 */
	public record Delivery(String deliveryId, int status, int attempts, @Nullable String labReference) {
	}

	/**
	 * Delivers the request.
	 * @throws LabConnectorException refused by the lab ({@code retryable() == false}) or
	 * not delivered after the retries ({@code retryable() == true}: queue it and try
	 * later)
	 */
	public Delivery send(InspectionRequest request) {
		String body = body(request);
		String deliveryId = UUID.randomUUID().toString();
		URI uri = this.connection.baseUri().resolve("v1/inspection-requests");
		HttpCalls.Answer<String> answer = this.calls.send("POST " + uri, () -> {
			String timestamp = String.valueOf(this.clock.instant().getEpochSecond());
			return HttpRequest.newBuilder(uri)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.header("Content-Type", "application/json")
				.header("X-Veritrace-Delivery", deliveryId)
				.header("X-Veritrace-Timestamp", timestamp)
				.header("X-Veritrace-Signature", "sha256=" + sign(timestamp + "." + body));
		}, CappedBody.utf8(MAX_ANSWER_BYTES));
		if (answer.status() < 200 || answer.status() >= 300) {
			throw new LabConnectorException(
					"POST " + uri + " refused with HTTP " + answer.status() + ": " + abbreviate(answer.body()), false,
					answer.status(), null);
		}
		String reference = labReference(answer.body());
		log.info("Inspection request {} delivered to {} (delivery {}, {} attempts, lab reference {})",
				request.requestId(), uri, deliveryId, answer.attempts(), reference);
		return new Delivery(deliveryId, answer.status(), answer.attempts(), reference);
	}

	/** The JSON body of a request, as signed and sent. */
	static String body(InspectionRequest request) {
		ObjectNode node = JSON.createObjectNode();
		node.put("requestId", request.requestId());
		node.putObject("brand").put("id", request.brandId()).put("name", request.brandName());
		node.put("gtin", request.gtin());
		node.put("lotNumber", request.lotNumber());
		var tests = node.putArray("requestedTests");
		request.requestedTests().forEach(tests::add);
		if (request.dueBy() != null) {
			node.put("dueBy", request.dueBy().toString());
		}
		node.put("reportUploadUrl", request.reportUploadUri().toString());
		return JSON.writeValueAsString(node);
	}

	/** HMAC-SHA256 under the shared secret, lowercase hex. */
	String sign(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.connection.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

	private @Nullable String labReference(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(body);
			JsonNode reference = node == null ? null : node.get("labReference");
			return reference != null && reference.isString() ? reference.asString() : null;
		}
		catch (JacksonException ex) {
			log.warn("Lab {} accepted an inspection request but its answer is not JSON: {}", this.connection.baseUri(),
					abbreviate(body));
			return null;
		}
	}

	private static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return text.length() > 200 ? text.substring(0, 200) + "…" : text;
	}

}
