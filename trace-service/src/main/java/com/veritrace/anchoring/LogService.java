package com.veritrace.anchoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The transparency log's public face (issue 16 item 1): its signed tree heads, RFC 9162
 * consistency proofs between two sizes, and the keys and algorithms a third party needs
 * to check them without our code (docs/TRANSPARENCY.md). Read from the shared database by
 * every node; nothing here is secret.
 */
@Service
public class LogService {

	private final JdbcTemplate jdbc;

	private final MerkleLog proofLog;

	private final ProofService proofs;

	private final AnchorKeys.Keyring keyring;

	LogService(JdbcTemplate jdbc, MerkleLog anchorProofLog, ProofService proofs, AnchorKeys.Keyring logKeyring,
			Cosignatures cosignatures) {
		this.jdbc = jdbc;
		this.proofLog = anchorProofLog;
		this.proofs = proofs;
		this.keyring = logKeyring;
		this.cosignatures = cosignatures;
	}

	private final Cosignatures cosignatures;

	/**
	 * A signed tree head as the log serves it: the members of a proof's
	 * {@code signedTreeHead}, the id of the key that signed it, whether it is anchored
	 * yet ({@code SEALED}: signed, on its way to the ledger; {@code ANCHORED}) and, once
	 * anchored, the ledger receipt.
	 */
	public record TreeHeadDocument(long treeSize, String rootHash, String hashAlgorithm, java.time.Instant timestamp,
			String signatureAlgorithm, String publicKey, String keyId, String signature, String signedBytes,
			String status, ProofService.@Nullable Receipt ledger, List<Cosignatures.CosignatureDocument> cosignatures) {
	}

	/**
	 * An RFC 9162 (section 2.1.4) consistency proof that the tree of {@code first} leaves
	 * is a prefix of the tree of {@code second} leaves; hashes as lowercase hex.
	 */
	public record ConsistencyDocument(long first, long second, String hashAlgorithm, List<String> consistencyPath) {
	}

	/** A key that signed, or signs, this log's tree heads. */
	public record LogKey(String keyId, String signatureAlgorithm, String publicKey, String publicKeyPem,
			boolean current, @Nullable Long firstTreeSize, @Nullable Long lastTreeSize) {
	}

	/** What a verifier needs to know about the log. */
	public record LogDescription(String hashAlgorithm, String treeHeadEncoding, String keyIdAlgorithm,
			List<LogKey> keys, List<Cosignatures.LogWitness> witnesses, String cosignatureEncoding,
			List<String> endpoints, String documentation) {
	}

	/** The newest signed tree head (anchored or not); 404 before the first is signed. */
	public TreeHeadDocument latest() {
		List<TreeHeadRow> rows = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head ORDER BY tree_size DESC LIMIT 1",
				TreeHeadRow.ROW);
		if (rows.isEmpty()) {
			throw NotFoundException.of("Tree head", "The log has no signed tree head yet");
		}
		return document(rows.get(0));
	}

	/** Most tree heads one page of {@link #after} lists. */
	static final int PAGE_LIMIT = 1000;

	/**
	 * The signed tree heads larger than {@code after} (0: from the first), smallest
	 * first, at most {@code limit} (1 to {@value #PAGE_LIMIT}, default 100): how a
	 * witness catches up. Problem details for bad values.
	 */
	public List<TreeHeadDocument> after(@Nullable String afterText, @Nullable String limitText) {
		List<FieldProblem> problems = new ArrayList<>();
		long after = 0;
		int limit = 100;
		try {
			after = afterText == null || afterText.isBlank() ? 0 : Long.parseLong(afterText.strip());
			if (after < 0) {
				problems.add(new FieldProblem("after", "must be at least 0, was " + after));
			}
		}
		catch (NumberFormatException ex) {
			problems.add(new FieldProblem("after", "is not a whole number"));
		}
		try {
			limit = limitText == null || limitText.isBlank() ? 100 : Integer.parseInt(limitText.strip());
			if (limit < 1 || limit > PAGE_LIMIT) {
				problems.add(new FieldProblem("limit", "must be from 1 to " + PAGE_LIMIT + ", was " + limit));
			}
		}
		catch (NumberFormatException ex) {
			problems.add(new FieldProblem("limit", "is not a whole number"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		return this.jdbc
			.query("SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head WHERE tree_size > ? ORDER BY tree_size "
					+ "LIMIT ?", TreeHeadRow.ROW, after, limit)
			.stream()
			.map(this::document)
			.toList();
	}

	/** The signed tree head of this size; 404 when the log signed none of it. */
	public TreeHeadDocument bySize(long treeSize) {
		List<TreeHeadRow> rows = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head WHERE tree_size = ?", TreeHeadRow.ROW,
				treeSize);
		if (rows.isEmpty()) {
			throw NotFoundException.of("Tree head", "The log signed no tree head of size " + treeSize);
		}
		return document(rows.get(0));
	}

	/**
	 * The consistency proof between two sizes up to the newest signed tree head's; 400
	 * problem details listing what is wrong with the sizes.
	 */
	public ConsistencyDocument consistency(@Nullable String firstText, @Nullable String secondText) {
		List<FieldProblem> problems = new ArrayList<>();
		Long first = size("first", firstText, problems);
		Long second = size("second", secondText, problems);
		if (first != null && second != null && first > second) {
			problems.add(new FieldProblem("first", "must not be larger than second (" + second + ")"));
		}
		Long newest = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
		long signed = newest == null ? 0 : newest;
		if (second != null && second > signed) {
			problems.add(new FieldProblem("second", signed == 0 ? "the log has no signed tree head yet"
					: "must not be larger than the newest signed tree head's size (" + signed + ")"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		HexFormat hex = HexFormat.of();
		List<String> path = first.equals(second) ? List.of()
				: this.proofLog.consistencyProof(first, second).path().stream().map(hex::formatHex).toList();
		return new ConsistencyDocument(first, second, this.proofLog.algorithm().standardName(), path);
	}

	private static @Nullable Long size(String field, @Nullable String text, List<FieldProblem> problems) {
		if (text == null || text.isBlank()) {
			problems.add(new FieldProblem(field, "is required (a tree size, a whole number from 1)"));
			return null;
		}
		try {
			long size = Long.parseLong(text.strip());
			if (size < 1) {
				problems.add(new FieldProblem(field, "must be at least 1, was " + size));
				return null;
			}
			return size;
		}
		catch (NumberFormatException ex) {
			problems.add(new FieldProblem(field, "is not a whole number"));
			return null;
		}
	}

	/**
	 * The log's hash algorithm, the tree-head encoding, and its keys: the current one and
	 * those that signed earlier heads (configured as retired after a rotation), with the
	 * sizes each signed. A key in the database but not in the configuration is not
	 * listed: the integrity job reports heads it signed.
	 */
	public LogDescription describe() {
		LogDescription cached = this.description.get("log");
		if (cached == null) {
			cached = describeNow();
			this.description.put("log", cached, DESCRIPTION_TTL);
		}
		return cached;
	}

	/**
	 * How long {@link #describe} is kept: every scan page's phone asks for it once, and
	 * the sizes each key signed come from grouping every tree head.
	 */
	static final Duration DESCRIPTION_TTL = Duration.ofSeconds(30);

	private final ExpiringMap<LogDescription> description = new ExpiringMap<>(1);

	private LogDescription describeNow() {
		HexFormat hex = HexFormat.of();
		Map<String, long[]> sizes = new HashMap<>();
		this.jdbc.query("SELECT public_key, MIN(tree_size), MAX(tree_size) FROM anchor_tree_head GROUP BY public_key",
				rs -> {
					sizes.put(hex.formatHex(rs.getBytes(1)), new long[] { rs.getLong(2), rs.getLong(3) });
				});
		List<LogKey> keys = new ArrayList<>();
		for (SigningKeys.PublicKey key : this.keyring.all()) {
			long[] signed = sizes.get(hex.formatHex(key.key()));
			keys.add(new LogKey(keyId(key.key()), key.algorithm().name(), hex.formatHex(key.key()),
					SigningKeys.publicPem(key.algorithm(), key.key()), this.keyring.isCurrent(key.key()),
					signed == null ? null : signed[0], signed == null ? null : signed[1]));
		}
		return new LogDescription(this.proofLog.algorithm().standardName(), TreeHead.ENCODING_MAGIC,
				"SHA-256 of the raw public key, lowercase hex", keys, this.cosignatures.witnesses(), Cosignature.MAGIC,
				List.of("/api/v1/log/tree-heads/latest", "/api/v1/log/tree-heads/{treeSize}",
						"/api/v1/log/tree-heads?after={size}&limit={n}",
						"POST /api/v1/log/tree-heads/{treeSize}/cosignatures",
						"/api/v1/log/consistency?first={size}&second={size}", "/api/v1/proofs/{eventHash}"),
				"docs/TRANSPARENCY.md");
	}

	/** A key's id: the SHA-256 of its raw bytes, hex. */
	static String keyId(byte[] publicKey) {
		return SigningKeys.keyId(publicKey);
	}

	private TreeHeadDocument document(TreeHeadRow row) {
		List<Cosignatures.CosignatureDocument> cosigned = this.cosignatures.of(row.treeSize());
		ProofService.SignedHead head = ProofService.SignedHead.of(row, cosigned);
		boolean anchored = "ANCHORED".equals(row.status());
		return new TreeHeadDocument(head.treeSize(), head.rootHash(), head.hashAlgorithm(), head.timestamp(),
				head.signatureAlgorithm(), head.publicKey(), keyId(row.publicKey()), head.signature(),
				head.signedBytes(), row.status(), anchored ? this.proofs.receipt(row) : null, cosigned);
	}

}
