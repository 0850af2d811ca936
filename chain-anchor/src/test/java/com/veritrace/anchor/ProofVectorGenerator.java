package com.veritrace.anchor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.anchor.ProofVerificationException.Reason;

/**
 * Writes src/test/resources/proof-vectors.json, the golden inclusion-proof vectors that
 * the Java verifier (ProofVectorsTests) and the browser verifier
 * (src/test/js/proof-verify.test.mjs) both replay. Deterministic:
 * {@link ProofVectorsTests} fails when the committed file differs from what this
 * produces.
 */
public final class ProofVectorGenerator {

	static final String COMMAND = "(from the project root) ./mvnw -q -o -pl chain-anchor test-compile exec:java "
			+ "-Dexec.mainClass=com.veritrace.anchor.ProofVectorGenerator -Dexec.classpathScope=test "
			+ "-Dexec.args=chain-anchor/src/test/resources/proof-vectors.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int LOG_SIZE = 130;

	private ProofVectorGenerator() {
	}

	public static void main(String[] args) throws IOException {
		Path target = Path.of(args.length > 0 ? args[0] : "chain-anchor/src/test/resources/proof-vectors.json");
		Files.writeString(target, render(), StandardCharsets.UTF_8);
		System.out.println("wrote " + target.toAbsolutePath());
	}

	static String render() {
		return generate().toPrettyString() + "\n";
	}

	static ObjectNode generate() {
		ObjectNode root = JSON.createObjectNode();
		root.put("description",
				"Golden RFC 9162 inclusion-proof documents (format: com.veritrace.anchor.ProofDocuments). "
						+ "Entries are event hash IDs ni:///sha-256;SHA-256(\"veritrace proof vector event <i>\")?ver=CBV2.0, "
						+ "i = 0.." + (LOG_SIZE - 1) + ". 'expected' is the verdict of every verifier, the browser's "
						+ "(WebCrypto for SHA-256, sm-crypto.js for SM3) included.");
		root.put("generatedBy", COMMAND);
		ArrayNode cases = root.putArray("cases");

		Logs sha = new Logs(HashAlgorithm.SHA_256);
		Logs sm3 = new Logs(HashAlgorithm.SM3);
		for (long[] p : new long[][] { { 0, 1 }, { 1, 2 }, { 2, 3 }, { 4, 5 }, { 3, 7 }, { 5, 8 }, { 6, 13 },
				{ 12, 13 }, { 63, 64 }, { 37, 100 }, { 129, 130 } }) {
			valid(cases, "sha256 event " + p[0] + " of " + p[1], sha.event(p[0], p[1]));
		}
		valid(cases, "sha256 leafHash 0 of 8", sha.leaf(0, 8));
		valid(cases, "sha256 leafHash 9 of 13", sha.leaf(9, 13));
		for (long[] p : new long[][] { { 6, 13 }, { 4, 5 }, { 0, 1 }, { 129, 130 } }) {
			valid(cases, "sm3 event " + p[0] + " of " + p[1], sm3.event(p[0], p[1]));
		}
		valid(cases, "sm3 leafHash 9 of 13", sm3.leaf(9, 13));
		ObjectNode sm3Base = sm3.event(6, 13);
		for (int i = 0; i < sm3Base.get("auditPath").size(); i++) {
			ObjectNode c = sm3Base.deepCopy();
			((ArrayNode) c.get("auditPath")).set(i, flip(c.get("auditPath").get(i).stringValue(), 0));
			invalid(cases, "sm3 bit flip in auditPath[" + i + "]", c, Reason.ROOT_MISMATCH);
		}
		ObjectNode sm3Flipped = sm3Base.deepCopy();
		sm3Flipped.put("rootHash", flip(sm3Flipped.get("rootHash").stringValue(), 31));
		invalid(cases, "sm3 bit flip in rootHash", sm3Flipped, Reason.ROOT_MISMATCH);

		ObjectNode base = sha.event(6, 13);
		int pathLength = base.get("auditPath").size();
		for (int i = 0; i < pathLength; i++) {
			ObjectNode c = base.deepCopy();
			((ArrayNode) c.get("auditPath")).set(i, flip(c.get("auditPath").get(i).stringValue(), 0));
			invalid(cases, "bit flip in auditPath[" + i + "]", c, Reason.ROOT_MISMATCH);
		}
		ObjectNode c = base.deepCopy();
		String event = c.get("eventHash").stringValue();
		c.put("eventHash", event.substring(0, 14) + flip(event.substring(14, 78), 31) + event.substring(78));
		invalid(cases, "bit flip in the event digest", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		c.put("rootHash", flip(c.get("rootHash").stringValue(), 5));
		invalid(cases, "bit flip in rootHash", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		c.put("rootHash", hex(sha.log.root(12)));
		invalid(cases, "root of another tree size", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		((ArrayNode) c.get("auditPath")).remove(pathLength - 1);
		invalid(cases, "truncated auditPath", c, Reason.BAD_PATH_LENGTH);
		c = base.deepCopy();
		((ArrayNode) c.get("auditPath")).add(c.get("rootHash").stringValue());
		invalid(cases, "auditPath with a trailing extra hash", c, Reason.BAD_PATH_LENGTH);
		c = base.deepCopy();
		((ArrayNode) c.get("auditPath")).removeAll();
		invalid(cases, "empty auditPath", c, Reason.BAD_PATH_LENGTH);
		c = base.deepCopy();
		c.put("treeSize", 7);
		invalid(cases, "wrong (smaller) treeSize", c, Reason.BAD_PATH_LENGTH);
		c = sha.event(12, 13);
		c.put("treeSize", 14);
		invalid(cases, "wrong (larger) treeSize on the right border", c, Reason.BAD_PATH_LENGTH);
		c = base.deepCopy();
		c.put("leafIndex", 7);
		invalid(cases, "wrong leafIndex", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		c.put("leafIndex", 13);
		invalid(cases, "leafIndex equal to treeSize", c, Reason.INDEX_OUT_OF_RANGE);
		c = base.deepCopy();
		c.put("treeSize", 0);
		invalid(cases, "empty tree", c, Reason.INDEX_OUT_OF_RANGE);
		c = base.deepCopy();
		c.put("rootHash", c.get("rootHash").stringValue().substring(0, 62));
		invalid(cases, "rootHash of 31 bytes", c, Reason.BAD_HASH_LENGTH);
		c = base.deepCopy();
		((ArrayNode) c.get("auditPath")).set(1, c.get("auditPath").get(1).stringValue().substring(2));
		invalid(cases, "auditPath[1] of 31 bytes", c, Reason.BAD_HASH_LENGTH);
		c = sha.leaf(9, 13);
		c.put("leafHash", hex("WrongLeaf".getBytes(StandardCharsets.US_ASCII)));
		invalid(cases, "leafHash of 9 bytes", c, Reason.BAD_HASH_LENGTH);
		c = base.deepCopy();
		c.put("hashAlgorithm", "MD5");
		invalid(cases, "unknown hashAlgorithm", c, Reason.UNSUPPORTED_ALGORITHM);
		c = sm3.event(6, 13);
		c.put("hashAlgorithm", "SHA-256");
		invalid(cases, "SM3 proof declared as SHA-256", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		c.put("hashAlgorithm", "SM3");
		invalid(cases, "SHA-256 proof declared as SM3", c, Reason.ROOT_MISMATCH);
		c = base.deepCopy();
		c.remove("hashAlgorithm");
		valid(cases, "hashAlgorithm absent means SHA-256", c);
		c = base.deepCopy();
		c.put("rootHash", c.get("rootHash").stringValue().toUpperCase(java.util.Locale.ROOT));
		valid(cases, "uppercase hex is accepted", c);

		c = base.deepCopy();
		((ArrayNode) c.get("auditPath")).set(0, "zz" + c.get("auditPath").get(0).stringValue().substring(2));
		invalid(cases, "non-hex digit in auditPath[0]", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("rootHash", c.get("rootHash").stringValue().substring(1));
		invalid(cases, "odd number of hex digits", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("leafIndex", "6");
		invalid(cases, "leafIndex as a string", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("leafIndex", -1);
		invalid(cases, "negative leafIndex", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("leafIndex", 6.5);
		invalid(cases, "fractional leafIndex", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("treeSize", 1L << 53);
		invalid(cases, "treeSize beyond 2^53 - 1", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("leafHash", hex(new byte[32]));
		invalid(cases, "both eventHash and leafHash", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.remove("eventHash");
		invalid(cases, "neither eventHash nor leafHash", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("eventHash", event.replace("sha-256", "sha-512"));
		invalid(cases, "event hash ID with another algorithm", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("eventHash", event.replace("?ver=CBV2.0", ""));
		invalid(cases, "event hash ID without ?ver=CBV2.0", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.remove("auditPath");
		invalid(cases, "auditPath missing", c, Reason.MALFORMED_INPUT);
		c = base.deepCopy();
		c.put("auditPath", c.get("auditPath").get(0).stringValue());
		invalid(cases, "auditPath not an array", c, Reason.MALFORMED_INPUT);
		return root;
	}

	private static ObjectNode valid(ArrayNode cases, String name, ObjectNode proof) {
		ObjectNode c = cases.addObject();
		c.put("name", name);
		c.set("expected", JSON.createObjectNode().put("valid", true));
		c.set("proof", proof);
		return c;
	}

	private static ObjectNode invalid(ArrayNode cases, String name, ObjectNode proof, Reason reason) {
		ObjectNode c = cases.addObject();
		c.put("name", name);
		c.set("expected", verdict(reason));
		c.set("proof", proof);
		return c;
	}

	private static JsonNode verdict(Reason reason) {
		return JSON.createObjectNode().put("valid", false).put("reason", reason.name());
	}

	private static String flip(String hex, int byteIndex) {
		byte[] bytes = TestData.HEX.parseHex(hex);
		bytes[byteIndex] ^= 0x01;
		return TestData.HEX.formatHex(bytes);
	}

	private static String hex(byte[] bytes) {
		return TestData.HEX.formatHex(bytes);
	}

	/** A log of the vector events under one algorithm. */
	private static final class Logs {

		final MerkleLog log;

		final List<String> events;

		Logs(HashAlgorithm algorithm) {
			this.log = MerkleLog.inMemory(algorithm);
			this.events = new java.util.ArrayList<>();
			for (int i = 0; i < LOG_SIZE; i++) {
				String id = EventHashIds.of(HashAlgorithm.SHA_256
					.digest(("veritrace proof vector event " + i).getBytes(StandardCharsets.UTF_8)));
				this.events.add(id);
				this.log.append(EventHashIds.leafOf(id));
			}
		}

		ObjectNode event(long index, long size) {
			return ProofDocuments.toNode(this.events.get((int) index), null, this.log.inclusionProof(index, size),
					this.log.root(size));
		}

		ObjectNode leaf(long index, long size) {
			return ProofDocuments.toNode(null, this.log.leafHash(index), this.log.inclusionProof(index, size),
					this.log.root(size));
		}

	}

}
