package com.veritrace.anchor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.bouncycastle.asn1.gm.GMNamedCurves;

/**
 * Writes src/test/resources/sm-vectors.json: SM3 digests and SM2 signatures made by
 * BouncyCastle (through {@link TreeHeadSigner} and {@link Cosignature}, as the service
 * makes them), and an SM3 log's proof with its SM2-signed tree head and an SM2 witness's
 * cosignature, which the browser's SM3/SM2 code (consumer-h5 static/h5/js/sm-crypto.js,
 * through proof-verify.js) must accept, and altered copies it must refuse
 * (src/test/js/sm-crypto.test.mjs). Deterministic (fixed keys, and SM2's nonces from a
 * counter, never for real use): {@link SmVectorsTests} fails when the committed file
 * differs from what this produces.
 */
public final class SmVectorGenerator {

	static final String COMMAND = "(from the project root) ./mvnw -q -o -pl chain-anchor test-compile exec:java "
			+ "-Dexec.mainClass=com.veritrace.anchor.SmVectorGenerator -Dexec.classpathScope=test "
			+ "-Dexec.args=chain-anchor/src/test/resources/sm-vectors.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The log's and the witness's SM2 private keys (fixed, for the vectors only). */
	static final byte[] LOG_KEY = TestData.HEX
		.parseHex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");

	static final byte[] WITNESS_KEY = TestData.HEX
		.parseHex("128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263");

	private SmVectorGenerator() {
	}

	public static void main(String[] args) throws IOException {
		Path target = Path.of(args.length > 0 ? args[0] : "chain-anchor/src/test/resources/sm-vectors.json");
		Files.writeString(target, render(), StandardCharsets.UTF_8);
		System.out.println("wrote " + target.toAbsolutePath());
	}

	static String render() {
		return generate().toPrettyString() + "\n";
	}

	static ObjectNode generate() {
		ObjectNode root = JSON.createObjectNode();
		root.put("description",
				"SM3 digests (GB/T 32905) and SM2 signatures (GB/T 32918, SM3, user ID "
						+ "1234567812345678, r || s) made by BouncyCastle as the service makes them; 'valid' is every "
						+ "verifier's verdict. SM2 nonces come from a counter, so the file is reproducible.");
		root.put("generatedBy", COMMAND);
		ArrayNode sm3 = root.putArray("sm3");
		for (int length : new int[] { 0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000 }) {
			byte[] input = new byte[length];
			for (int i = 0; i < length; i++) {
				input[i] = (byte) (i * 7 + length);
			}
			sm3.addObject().put("input", hex(input)).put("digest", hex(HashAlgorithm.SM3.digest(input)));
		}

		CounterRandom random = new CounterRandom();
		TreeHeadSigner log = TreeHeadSigner.sm2(LOG_KEY, random);
		ArrayNode sm2 = root.putArray("sm2");
		byte[] message = "veritrace sm2 vector".getBytes(StandardCharsets.US_ASCII);
		byte[] signature = log.signMessage(message);
		signature(sm2, "BouncyCastle's signature", log.publicKey(), message, signature, true);
		signature(sm2, "an empty message", log.publicKey(), new byte[0], log.signMessage(new byte[0]), true);
		signature(sm2, "a second signature of the same message (another nonce)", log.publicKey(), message,
				log.signMessage(message), true);
		signature(sm2, "bit flip in r", log.publicKey(), message, flip(signature, 31), false);
		signature(sm2, "bit flip in s", log.publicKey(), message, flip(signature, 63), false);
		signature(sm2, "bit flip in the message", log.publicKey(), flip(message, 0), signature, false);
		signature(sm2, "another key", TreeHeadSigner.sm2(WITNESS_KEY, random).publicKey(), message, signature, false);
		signature(sm2, "bit flip in the key (not on the curve)", flip(log.publicKey(), 64), message, signature, false);
		signature(sm2, "r and s swapped", log.publicKey(), message,
				concat(java.util.Arrays.copyOfRange(signature, 32, 64), java.util.Arrays.copyOfRange(signature, 0, 32)),
				false);
		signature(sm2, "r = 0", log.publicKey(), message,
				concat(new byte[32], java.util.Arrays.copyOfRange(signature, 32, 64)), false);
		byte[] n = unsigned(GMNamedCurves.getByName("sm2p256v1").getN());
		signature(sm2, "s = n", log.publicKey(), message, concat(java.util.Arrays.copyOfRange(signature, 0, 32), n),
				false);
		signature(sm2, "a truncated signature", log.publicKey(), message, java.util.Arrays.copyOf(signature, 63),
				false);

		// an SM3 log's proof with its SM2 tree head and a witness's SM2 cosignature
		MerkleLog merkle = MerkleLog.inMemory(HashAlgorithm.SM3);
		java.util.List<String> events = new java.util.ArrayList<>();
		for (int i = 0; i < 11; i++) {
			String id = EventHashIds
				.of(HashAlgorithm.SHA_256.digest(("veritrace sm vector event " + i).getBytes(StandardCharsets.UTF_8)));
			events.add(id);
			merkle.append(EventHashIds.leafOf(id));
		}
		TreeHead head = new TreeHead(11, merkle.root(11), HashAlgorithm.SM3, Instant.parse("2026-12-07T10:30:00.123Z"));
		SignedTreeHead signed = log.sign(head);
		TreeHeadSigner witness = TreeHeadSigner.sm2(WITNESS_KEY, random);
		long witnessedMs = Instant.parse("2026-12-07T10:30:04.500Z").toEpochMilli();
		Cosignature cosignature = Cosignature.sign(witness, head, witnessedMs);
		ObjectNode proof = ProofDocuments.toNode(events.get(6), null, merkle.inclusionProof(6, 11), merkle.root(11));
		ObjectNode sth = proof.putObject("signedTreeHead");
		sth.put("treeSize", head.treeSize())
			.put("rootHash", head.rootHex())
			.put("hashAlgorithm", "SM3")
			.put("timestamp", head.timestamp().toString())
			.put("signatureAlgorithm", "SM2")
			.put("publicKey", hex(signed.publicKey()))
			.put("signature", hex(signed.signature()))
			.put("signedBytes", hex(head.toSignedBytes()));
		sth.putArray("cosignatures")
			.addObject()
			.put("witness", "Witness SM")
			.put("signatureAlgorithm", "SM2")
			.put("publicKey", hex(cosignature.publicKey()))
			.put("timestamp", Instant.ofEpochMilli(witnessedMs).toString())
			.put("signature", hex(cosignature.signature()));
		root.set("proof", proof);
		root.putObject("witness")
			.put("name", "Witness SM")
			.put("signatureAlgorithm", "SM2")
			.put("publicKey", hex(witness.publicKey()));
		return root;
	}

	private static void signature(ArrayNode cases, String name, byte[] publicKey, byte[] message, byte[] signature,
			boolean valid) {
		cases.addObject()
			.put("name", name)
			.put("publicKey", hex(publicKey))
			.put("message", hex(message))
			.put("signature", hex(signature))
			.put("valid", valid);
	}

	private static byte[] flip(byte[] bytes, int index) {
		byte[] out = bytes.clone();
		out[index] ^= 0x01;
		return out;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	private static byte[] unsigned(BigInteger value) {
		return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, value);
	}

	private static String hex(byte[] bytes) {
		return TestData.HEX.formatHex(bytes);
	}

	/**
	 * SHA-256 of a counter: reproducible nonces for the vector file (never for real
	 * signatures).
	 */
	private static final class CounterRandom extends SecureRandom {

		private long counter;

		@Override
		public void nextBytes(byte[] bytes) {
			int offset = 0;
			while (offset < bytes.length) {
				byte[] block = HashAlgorithm.SHA_256
					.digest(("veritrace sm vector nonce " + this.counter++).getBytes(StandardCharsets.US_ASCII));
				int n = Math.min(block.length, bytes.length - offset);
				System.arraycopy(block, 0, bytes, offset, n);
				offset += n;
			}
		}

	}

}
