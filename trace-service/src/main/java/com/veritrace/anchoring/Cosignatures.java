package com.veritrace.anchoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.TreeHeadSignatureException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Witnesses' cosignatures on the log's tree heads (issue 16, item 3): accepted only from
 * the configured witnesses' keys and only when they verify, kept in
 * {@code anchor_cosignature} (one per head and witness), and served with tree heads and
 * proofs.
 */
@Component
public class Cosignatures {

	private final JdbcTemplate jdbc;

	private final AnchorKeys.Keyring keyring;

	private final Clock clock;

	Cosignatures(JdbcTemplate jdbc, AnchorKeys.Keyring logKeyring, Clock clock) {
		this.jdbc = jdbc;
		this.keyring = logKeyring;
		this.clock = clock;
	}

	/** What a witness posts: its key, when it verified the head, its signature. */
	public record CosignatureRequest(@Nullable String signatureAlgorithm, @Nullable String publicKey,
			@Nullable Instant timestamp, @Nullable String signature) {
	}

	/**
	 * A cosignature as the log serves it: the witness's name (from the log's
	 * configuration), key and signature over {@link Cosignature#message}.
	 */
	public record CosignatureDocument(String witness, String keyId, String signatureAlgorithm, String publicKey,
			Instant timestamp, String signature) {
	}

	/**
	 * A witness whose cosignatures the log accepts, as the well-known document lists it.
	 */
	public record LogWitness(String name, String keyId, String signatureAlgorithm, String publicKey,
			String publicKeyPem) {
	}

	/** The configured witnesses. */
	public List<LogWitness> witnesses() {
		HexFormat hex = HexFormat.of();
		return this.keyring.witnesses()
			.stream()
			.map((w) -> new LogWitness(w.name(), LogService.keyId(w.key().key()), w.key().algorithm().name(),
					hex.formatHex(w.key().key()),
					com.veritrace.anchor.SigningKeys.publicPem(w.key().algorithm(), w.key().key())))
			.toList();
	}

	/**
	 * Stores a witness's cosignature on the head of {@code treeSize} once it verifies;
	 * true when it was new, false when this witness had cosigned the head already. 404
	 * when there is no such head; 400 (problem details) naming what is wrong otherwise.
	 */
	public boolean accept(long treeSize, @Nullable CosignatureRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		if (request == null) {
			throw InvalidException.of("body", "is required: {signatureAlgorithm, publicKey, timestamp, signature}");
		}
		SignatureAlgorithm algorithm = null;
		if (request.signatureAlgorithm() == null) {
			problems.add(new FieldProblem("signatureAlgorithm", "is required (ED25519 or SM2)"));
		}
		else {
			try {
				algorithm = SignatureAlgorithm.fromName(request.signatureAlgorithm());
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("signatureAlgorithm", ex.getMessage()));
			}
		}
		byte[] key = hex("publicKey", request.publicKey(), problems);
		byte[] signature = hex("signature", request.signature(), problems);
		if (request.timestamp() == null) {
			problems.add(new FieldProblem("timestamp", "is required (when the witness verified the head, ISO-8601)"));
		}
		Optional<AnchorKeys.WitnessKey> witness = Optional.empty();
		if (key != null) {
			witness = this.keyring.witness(key);
			if (witness.isEmpty()) {
				problems.add(new FieldProblem("publicKey", "is not the key of a witness of this log"));
			}
			else if (algorithm != null && witness.get().key().algorithm() != algorithm) {
				problems.add(new FieldProblem("signatureAlgorithm",
						"this witness's key is " + witness.get().key().algorithm() + ", not " + algorithm));
			}
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		List<TreeHeadRow> heads = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head WHERE tree_size = ?", TreeHeadRow.ROW,
				treeSize);
		if (heads.isEmpty()) {
			throw NotFoundException.of("Tree head", "The log signed no tree head of size " + treeSize);
		}
		Cosignature cosignature = new Cosignature(algorithm, key, request.timestamp().toEpochMilli(), signature);
		try {
			cosignature.verify(heads.get(0).head(), witness.get().key().key());
		}
		catch (TreeHeadSignatureException ex) {
			throw InvalidException.of("signature", "does not verify over this log's tree head of size " + treeSize
					+ " at that timestamp (" + ex.getMessage() + ")");
		}
		try {
			this.jdbc.update(
					"INSERT INTO anchor_cosignature (tree_size, witness_key_id, signature_algorithm, "
							+ "public_key, witness_time_ms, signature, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
					treeSize, HexFormat.of().parseHex(LogService.keyId(key)), algorithm.name(), key,
					cosignature.timeMs(), signature, this.clock.millis());
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * The cosignatures of the configured witnesses on the head of {@code treeSize}, in
	 * the configuration's order; a stored cosignature of a witness no longer configured
	 * is not served.
	 */
	public List<CosignatureDocument> of(long treeSize) {
		return served(this.jdbc.query(
				"SELECT public_key, witness_time_ms, signature FROM anchor_cosignature WHERE tree_size = ?",
				(rs, n) -> new Stored(rs.getBytes(1), rs.getLong(2), rs.getBytes(3)), treeSize));
	}

	/** A row of {@code anchor_cosignature}: the witness's key, time and signature. */
	record Stored(byte[] publicKey, long timeMs, byte[] signature) {
	}

	/**
	 * The stored cosignatures of a head as served: the configured witnesses' only, in the
	 * configuration's order.
	 */
	List<CosignatureDocument> served(List<Stored> stored) {
		HexFormat hex = HexFormat.of();
		List<CosignatureDocument> found = new ArrayList<>();
		for (Stored row : stored) {
			this.keyring.witness(row.publicKey())
				.ifPresent((w) -> found.add(new CosignatureDocument(w.name(), LogService.keyId(row.publicKey()),
						w.key().algorithm().name(), hex.formatHex(row.publicKey()), Instant.ofEpochMilli(row.timeMs()),
						hex.formatHex(row.signature()))));
		}
		List<String> order = this.keyring.witnesses().stream().map(AnchorKeys.WitnessKey::name).toList();
		found.sort(java.util.Comparator.comparingInt((c) -> order.indexOf(c.witness())));
		return found;
	}

	/** Whether these cosignatures of a head are those of every configured witness. */
	public boolean complete(List<CosignatureDocument> cosignatures) {
		return cosignatures.size() >= this.keyring.witnesses().size();
	}

	private static byte @Nullable [] hex(String field, @Nullable String value, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			problems.add(new FieldProblem(field, "is required (hex)"));
			return null;
		}
		if (value.length() > 400) {
			problems.add(new FieldProblem(field, "is too long"));
			return null;
		}
		try {
			return HexFormat.of().parseHex(value.strip());
		}
		catch (IllegalArgumentException ex) {
			problems.add(new FieldProblem(field, "is not hex"));
			return null;
		}
	}

}
