package com.veritrace.anchor.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;

/**
 * {@link LogEndpoint} over HTTP(S) with the JDK's client: HTTP/1.1 on kept-alive
 * connections, no redirects, timeouts, and a rate limit's 429 waited out (its
 * {@code Retry-After}, at most a minute, a few times). Heads are read from their
 * {@code signedBytes}, never rebuilt from the other members.
 */
public final class HttpLogEndpoint implements LogEndpoint {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_BODY = 16 * 1024 * 1024;

	private static final int RATE_LIMIT_RETRIES = 5;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final HttpClient client;

	/**
	 * @param base the log's base URL, e.g. {@code https://veritrace.example}
	 */
	public HttpLogEndpoint(URI base) {
		this.base = base.toString().replaceAll("/+$", "");
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Override
	public List<SigningKeys.PublicKey> keys() {
		JsonNode body = get("/.well-known/veritrace-log").orElseThrow(() -> new UnavailableException(
				this.base + "/.well-known/veritrace-log: 404, is this a Veritrace log?"));
		List<SigningKeys.PublicKey> keys = new ArrayList<>();
		for (JsonNode key : body.path("keys")) {
			try {
				keys.add(new SigningKeys.PublicKey(SignatureAlgorithm.fromName(text(key, "signatureAlgorithm")),
						hex(key, "publicKey")));
			}
			catch (IllegalArgumentException ex) {
				throw new UnavailableException("/.well-known/veritrace-log: " + ex.getMessage());
			}
		}
		return keys;
	}

	@Override
	public Optional<ServedHead> latest() {
		return get("/api/v1/log/tree-heads/latest").map(HttpLogEndpoint::head);
	}

	@Override
	public List<ServedHead> after(long after, int limit) {
		JsonNode body = get("/api/v1/log/tree-heads?after=" + after + "&limit=" + limit)
			.orElseThrow(() -> new UnavailableException("the log has no /api/v1/log/tree-heads"));
		if (!body.isArray()) {
			throw new UnavailableException("/api/v1/log/tree-heads did not answer a list");
		}
		List<ServedHead> heads = new ArrayList<>(body.size());
		for (JsonNode head : body) {
			heads.add(head(head));
		}
		return heads;
	}

	@Override
	public List<byte[]> consistency(long first, long second) {
		JsonNode body = get("/api/v1/log/consistency?first=" + first + "&second=" + second)
			.orElseThrow(() -> new UnavailableException("the log has no consistency proof " + first + " -> " + second));
		List<byte[]> path = new ArrayList<>();
		for (JsonNode hash : body.path("consistencyPath")) {
			path.add(parseHex(hash.asString(), "consistencyPath"));
		}
		return path;
	}

	@Override
	public PostResult cosign(long treeSize, Cosignature cosignature) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("signatureAlgorithm", cosignature.algorithm().name());
		body.put("publicKey", HexFormat.of().formatHex(cosignature.publicKey()));
		body.put("timestamp", Instant.ofEpochMilli(cosignature.timeMs()).toString());
		body.put("signature", HexFormat.of().formatHex(cosignature.signature()));
		HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/log/tree-heads/" + treeSize + "/cosignatures"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, application/problem+json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		HttpResponse<String> response = send(request);
		int status = response.statusCode();
		if (status == 201) {
			return new PostResult(PostResult.Outcome.STORED, "stored");
		}
		if (status == 200) {
			return new PostResult(PostResult.Outcome.ALREADY_STORED, "cosigned before");
		}
		if (status >= 400 && status < 500) {
			return new PostResult(PostResult.Outcome.REFUSED, status + " " + abbreviate(response.body()));
		}
		throw new UnavailableException("POST cosignature on " + treeSize + ": HTTP " + status);
	}

	private Optional<JsonNode> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.timeout(TIMEOUT)
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() == 404) {
			return Optional.empty();
		}
		if (response.statusCode() != 200) {
			throw new UnavailableException(
					"GET " + path + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
		}
		try {
			return Optional.of(JSON.readTree(response.body()));
		}
		catch (JacksonException ex) {
			throw new UnavailableException("GET " + path + ": not JSON");
		}
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			for (int attempt = 0;; attempt++) {
				HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.body() != null && response.body().length() > MAX_BODY) {
					throw new UnavailableException(request.uri().getPath() + ": answer larger than " + MAX_BODY);
				}
				if (response.statusCode() != 429 || attempt >= RATE_LIMIT_RETRIES) {
					return response;
				}
				long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
				Thread.sleep(Duration.ofSeconds(Math.max(1, Math.min(60, seconds))).toMillis());
			}
		}
		catch (IOException ex) {
			throw new UnavailableException("the log at " + this.base + " is not reachable: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("interrupted", ex);
		}
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	static ServedHead head(JsonNode node) {
		TreeHead head;
		try {
			head = TreeHead.fromSignedBytes(hex(node, "signedBytes"));
		}
		catch (IllegalArgumentException ex) {
			throw new UnavailableException("a tree head's signedBytes are not a tree head: " + ex.getMessage());
		}
		SignatureAlgorithm algorithm;
		try {
			algorithm = SignatureAlgorithm.fromName(text(node, "signatureAlgorithm"));
		}
		catch (IllegalArgumentException ex) {
			throw new UnavailableException(ex.getMessage());
		}
		SignedTreeHead signed = new SignedTreeHead(head, algorithm, hex(node, "publicKey"), hex(node, "signature"));
		JsonNode ledger = node.path("ledger");
		ServedHead.Receipt receipt = null;
		if (ledger.isObject()) {
			receipt = new ServedHead.Receipt(optional(ledger, "kind"), optional(ledger, "chainId"),
					optional(ledger, "txHash"),
					ledger.path("blockNumber").isNumber() ? ledger.path("blockNumber").asLong() : null,
					instant(optional(ledger, "timestamp")), optional(ledger, "contractAddress"));
		}
		return new ServedHead(signed, text(node, "status"), receipt);
	}

	private static @Nullable Instant instant(@Nullable String text) {
		try {
			return (text == null) ? null : Instant.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (!value.isString()) {
			throw new UnavailableException("a log document lacks " + field);
		}
		return value.asString();
	}

	private static @Nullable String optional(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static byte[] hex(JsonNode node, String field) {
		return parseHex(text(node, field), field);
	}

	private static byte[] parseHex(String value, String field) {
		try {
			return HexFormat.of().parseHex(value);
		}
		catch (IllegalArgumentException ex) {
			throw new UnavailableException("a log document's " + field + " is not hex");
		}
	}

	private static String abbreviate(@Nullable String body) {
		if (body == null) {
			return "";
		}
		String flat = body.replaceAll("\\s+", " ");
		return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
	}

}
