package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.anchor.ProofVerificationException.Reason;

/**
 * The self-contained inclusion proof document given to consumers and verified by
 * {@link ProofVerifierCli} and the browser
 * ({@code consumer-h5 static/h5/js/proof-verify.js}): <pre>
 * {
 *   "eventHash": "ni:///sha-256;&lt;64 hex&gt;?ver=CBV2.0",  // or "leafHash": "&lt;hex of H(0x00 || digest)&gt;"
 *   "leafIndex": 5, "treeSize": 8,
 *   "rootHash": "&lt;hex&gt;",                    // the root anchored on the ledger for treeSize
 *   "auditPath": ["&lt;hex&gt;", ...],            // leaf to root
 *   "hashAlgorithm": "SHA-256"                 // or "SM3"; SHA-256 when absent
 * }
 * </pre> Hex is written lowercase and read in either case. Checks, in this order (the
 * browser verifier follows the same order so both give the same reason): JSON shape and
 * values ({@code MALFORMED_INPUT}), algorithm ({@code UNSUPPORTED_ALGORITHM}), hash
 * lengths (root, leaf, path), index range, path length, root.
 */
public final class ProofDocuments {

	/**
	 * Largest integer a browser can hold exactly (2^53 - 1); larger sizes are refused
	 * alike.
	 */
	public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

	private static final Pattern HEX_PATTERN = Pattern.compile("(?:[0-9a-fA-F]{2})*");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProofDocuments() {
	}

	/** The proof document for an event (lowercase hex, pretty-printed). */
	public static String toJson(String eventHashId, InclusionProof proof, byte[] rootHash) {
		EventHashIds.leafOf(eventHashId); // refuse malformed IDs early
		return toNode(eventHashId, null, proof, rootHash).toPrettyString();
	}

	/** The proof document for a raw leaf hash (lowercase hex, pretty-printed). */
	public static String toJsonForLeafHash(byte[] leafHash, InclusionProof proof, byte[] rootHash) {
		return toNode(null, leafHash, proof, rootHash).toPrettyString();
	}

	static ObjectNode toNode(@Nullable String eventHashId, byte @Nullable [] leafHash, InclusionProof proof,
			byte[] rootHash) {
		HexFormat hex = HexFormat.of();
		ObjectNode node = JSON.createObjectNode();
		if (eventHashId != null) {
			node.put("eventHash", eventHashId);
		}
		else {
			node.put("leafHash", hex.formatHex(java.util.Objects.requireNonNull(leafHash)));
		}
		node.put("leafIndex", proof.leafIndex());
		node.put("treeSize", proof.treeSize());
		node.put("rootHash", hex.formatHex(rootHash));
		ArrayNode path = node.putArray("auditPath");
		proof.auditPath().forEach((h) -> path.add(hex.formatHex(h)));
		node.put("hashAlgorithm", proof.algorithm().standardName());
		return node;
	}

	/** Verifies a proof document; never throws for bad input. */
	public static VerificationResult verify(String json) {
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			return VerificationResult.invalid(Reason.MALFORMED_INPUT, "not JSON: " + ex.getOriginalMessage());
		}
		return verify(node);
	}

	/** Verifies a parsed proof document; never throws for bad input. */
	public static VerificationResult verify(JsonNode node) {
		try {
			verifyOrThrow(node);
			return VerificationResult.ok();
		}
		catch (ProofVerificationException ex) {
			return VerificationResult.invalid(ex.reason(), ex.getMessage());
		}
	}

	private static void verifyOrThrow(@Nullable JsonNode node) {
		if (node == null || !node.isObject()) {
			throw malformed("a proof document is a JSON object");
		}
		JsonNode algorithmNode = node.get("hashAlgorithm");
		if (algorithmNode != null && !algorithmNode.isString()) {
			throw malformed("hashAlgorithm must be a string");
		}
		JsonNode eventHash = node.get("eventHash");
		JsonNode leafHashNode = node.get("leafHash");
		if ((eventHash == null) == (leafHashNode == null)) {
			throw malformed("give exactly one of eventHash and leafHash");
		}
		byte[] entry = new byte[0];
		byte @Nullable [] leafHash = null;
		if (eventHash != null) {
			if (!eventHash.isString()) {
				throw malformed("eventHash must be a string");
			}
			try {
				entry = EventHashIds.leafOf(eventHash.stringValue());
			}
			catch (MalformedEventHashException ex) {
				throw malformed(ex.getMessage());
			}
		}
		else {
			leafHash = hex(leafHashNode, "leafHash");
		}
		long leafIndex = integer(node.get("leafIndex"), "leafIndex");
		long treeSize = integer(node.get("treeSize"), "treeSize");
		byte[] root = hex(node.get("rootHash"), "rootHash");
		JsonNode pathNode = node.get("auditPath");
		if (pathNode == null || !pathNode.isArray()) {
			throw malformed("auditPath must be an array of hex strings");
		}
		List<byte[]> path = new ArrayList<>();
		for (int i = 0; i < pathNode.size(); i++) {
			path.add(hex(pathNode.get(i), "auditPath[" + i + "]"));
		}
		HashAlgorithm algorithm;
		try {
			algorithm = (algorithmNode != null) ? HashAlgorithm.fromName(algorithmNode.stringValue())
					: HashAlgorithm.SHA_256;
		}
		catch (UnknownHashAlgorithmException ex) {
			throw new ProofVerificationException(Reason.UNSUPPORTED_ALGORITHM, ex.getMessage());
		}
		LogHasher hasher = LogHasher.of(algorithm);
		if (root.length != hasher.size()) {
			throw new ProofVerificationException(Reason.BAD_HASH_LENGTH,
					"root hash has " + root.length + " bytes, " + algorithm.standardName() + " needs " + hasher.size());
		}
		if (leafHash == null) {
			leafHash = hasher.hashLeaf(entry);
		}
		ProofVerifier.verifyInclusion(hasher, leafIndex, treeSize, leafHash, path, root);
	}

	private static long integer(@Nullable JsonNode value, String field) {
		if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
				|| value.longValue() > MAX_SAFE_INTEGER) {
			throw malformed(field + " must be an integer in [0, 2^53 - 1]");
		}
		return value.longValue();
	}

	private static byte[] hex(@Nullable JsonNode value, String field) {
		if (value == null || !value.isString() || !HEX_PATTERN.matcher(value.stringValue()).matches()) {
			throw malformed(field + " must be a string of hex digit pairs");
		}
		return HexFormat.of().parseHex(value.stringValue());
	}

	private static ProofVerificationException malformed(String message) {
		return new ProofVerificationException(Reason.MALFORMED_INPUT, message);
	}

}
