package com.veritrace.anchoring;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.InclusionProof;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.TreeHead;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Inclusion proofs of stored events against the newest anchored tree head, in the proof
 * document format of {@code com.veritrace.anchor.ProofDocuments} (verified by
 * {@code ProofVerifierCli} and the browser) plus the signed tree head and the ledger
 * receipt. Served by every node from the shared database.
 */
@Service
public class ProofService {

	private static final Pattern HASH_ID = Pattern.compile("ni:///(sha-256|sm3);([0-9a-fA-F]{64})\\?ver=CBV2\\.0",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern HEX_DIGEST = Pattern.compile("(?:sha-256;|sm3;)?([0-9a-fA-F]{64})",
			Pattern.CASE_INSENSITIVE);

	private final JdbcTemplate jdbc;

	private final MerkleLog proofLog;

	private final Ledger ledger;

	private final AnchorProperties properties;

	private final Clock clock;

	private final EventRowMac rowMac;

	private final Cosignatures cosignatures;

	/** How many witnesses are configured. */
	private final int witnesses;

	ProofService(JdbcTemplate jdbc, MerkleLog anchorProofLog, Ledger ledger, AnchorProperties properties, Clock clock,
			EventRowMac rowMac, Cosignatures cosignatures, AnchorKeys.Keyring logKeyring) {
		this.rowMac = rowMac;
		this.cosignatures = cosignatures;
		this.witnesses = logKeyring.witnesses().size();
		this.jdbc = jdbc;
		this.proofLog = anchorProofLog;
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
	}

	/** The 32-byte digest of a hex digest or a full {@code ni:///} event hash ID. */
	static byte[] digestOf(String text) {
		String value = text.strip();
		Matcher id = HASH_ID.matcher(value);
		if (id.matches()) {
			return HexFormat.of().parseHex(id.group(2));
		}
		Matcher hex = HEX_DIGEST.matcher(value);
		if (hex.matches()) {
			return HexFormat.of().parseHex(hex.group(1));
		}
		throw InvalidException.of("eventHash",
				"not an event hash: give the 64 hex digits or the whole ni:///sha-256;<hex>?ver=CBV2.0");
	}

	/** The proof of the event with this digest, or its PENDING or REFUSED status. */
	public Proof proof(byte[] digest) {
		List<EventRow> events = this.jdbc.query(
				"SELECT id, record_time_ms, hash_algorithm, reporter_id, row_mac "
						+ "FROM trace_event WHERE event_hash = ?",
				(rs, n) -> new EventRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getBytes(5)),
				(Object) digest);
		if (events.isEmpty()) {
			throw NotFoundException.of("Event", "No stored event has the hash " + HexFormat.of().formatHex(digest));
		}
		EventRow event = events.get(0);
		String algorithm = event.hashAlgorithm().toLowerCase(Locale.ROOT);
		String eventHash = "ni:///" + algorithm + ";" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
		List<long[]> leaves = this.jdbc.query("SELECT leaf_index, appended_ms FROM anchor_leaf WHERE event_row_id = ?",
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, event.id());
		if (leaves.isEmpty() && !genuine(event, digest)) {
			return Proof.refused(eventHash);
		}
		Long leafIndex = leaves.isEmpty() ? null : leaves.get(0)[0];
		List<TreeHeadRow> heads = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head WHERE tree_size = ?", TreeHeadRow.ROW,
				proofHead(leafIndex));
		if (leafIndex == null || heads.isEmpty() || heads.get(0).treeSize() <= leafIndex) {
			long since = leaves.isEmpty() ? Math.max(event.recordTimeMs(), this.clock.millis()) : leaves.get(0)[1];
			Instant expected = Instant.ofEpochMilli(since)
				.plus(this.properties.batch().maxDelay())
				.plus(this.properties.poll().interval().multipliedBy(4));
			if (expected.isBefore(this.clock.instant())) {
				expected = this.clock.instant().plus(this.properties.poll().interval().multipliedBy(4));
			}
			return Proof.pending(eventHash, leafIndex, expected);
		}
		TreeHeadRow head = heads.get(0);
		InclusionProof proof = this.proofLog.inclusionProof(leafIndex, head.treeSize());
		HexFormat hex = HexFormat.of();
		TreeHead treeHead = head.head();
		SignedHead signed = SignedHead.of(head, this.cosignatures.of(head.treeSize()));
		Receipt receipt = receipt(head);
		boolean sha256 = algorithm.equals("sha-256");
		return new Proof("ANCHORED", sha256 ? eventHash : null,
				sha256 ? null : hex.formatHex(this.proofLog.hasher().hashLeaf(digest)), leafIndex, head.treeSize(),
				hex.formatHex(head.rootHash()), proof.auditPath().stream().map(hex::formatHex).toList(),
				treeHead.algorithm().standardName(), signed, receipt, null, null);
	}

	/**
	 * How many of the newest anchored heads a proof may use, looking for cosigned ones.
	 */
	private static final int COSIGNED_LOOKBACK = 10;

	/**
	 * The size of the tree head a proof of {@code leafIndex} uses (0: none): the newest
	 * anchored one; with witnesses configured, the newest of the last
	 * {@value #COSIGNED_LOOKBACK} anchored heads that holds the leaf and has the most
	 * witnesses' cosignatures (witnesses cosign a few seconds after anchoring), so that
	 * the scan page can show them.
	 */
	private long proofHead(@Nullable Long leafIndex) {
		if (this.witnesses == 0 || leafIndex == null) {
			Long newest = this.jdbc
				.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head WHERE status = 'ANCHORED'", Long.class);
			return newest == null ? 0 : newest;
		}
		long[] best = { 0, -1 };
		this.jdbc
			.query("SELECT h.tree_size, (SELECT COUNT(*) FROM anchor_cosignature c WHERE c.tree_size = h.tree_size) "
					+ "FROM (SELECT tree_size FROM anchor_tree_head WHERE status = 'ANCHORED' ORDER BY tree_size DESC "
					+ "LIMIT " + COSIGNED_LOOKBACK + ") h ORDER BY h.tree_size DESC", rs -> {
						long size = rs.getLong(1);
						long count = rs.getLong(2);
						if (best[0] == 0 || (size > leafIndex && count > best[1])) {
							best[0] = size;
							best[1] = count;
						}
					});
		return best[0];
	}

	/**
	 * The anchoring status of stored events by row id, for lists: {@code ANCHORED} when
	 * the event's leaf is inside the newest anchored tree head, else {@code PENDING} (the
	 * full proof, and a refusal of a forged row, come from {@link #proof}).
	 */
	public java.util.Map<Long, String> statuses(java.util.Collection<Long> eventRowIds) {
		java.util.Map<Long, String> out = new java.util.HashMap<>();
		if (eventRowIds.isEmpty()) {
			return out;
		}
		List<Long> sizes = this.jdbc.queryForList(
				"SELECT tree_size FROM anchor_tree_head WHERE status = 'ANCHORED' ORDER BY tree_size DESC LIMIT 1",
				Long.class);
		long anchored = sizes.isEmpty() ? 0 : sizes.get(0);
		String marks = String.join(",", java.util.Collections.nCopies(eventRowIds.size(), "?"));
		java.util.Map<Long, Long> leaves = new java.util.HashMap<>();
		this.jdbc.query("SELECT event_row_id, leaf_index FROM anchor_leaf WHERE event_row_id IN (" + marks + ")",
				(org.springframework.jdbc.core.RowCallbackHandler) rs -> leaves.put(rs.getLong(1), rs.getLong(2)),
				eventRowIds.toArray());
		for (Long id : eventRowIds) {
			Long leaf = leaves.get(id);
			out.put(id, leaf != null && leaf < anchored ? "ANCHORED" : "PENDING");
		}
		return out;
	}

	/** Whether the anchor leader takes this row (see {@link EventRowMac#genuine}). */
	private boolean genuine(EventRow event, byte[] digest) {
		long legacyMax = this.jdbc.queryForObject("SELECT legacy_max_row_id FROM anchor_state WHERE id = 1",
				Long.class);
		return this.rowMac.genuine(event.id(), event.mac(), digest, event.hashAlgorithm(), event.reporterId(),
				event.recordTimeMs(), legacyMax);
	}

	private record EventRow(long id, long recordTimeMs, String hashAlgorithm, long reporterId, byte @Nullable [] mac) {
	}

	/**
	 * A proof document ({@code eventHash} or, for SM3 event hashes, {@code leafHash};
	 * {@code leafIndex}, {@code treeSize}, {@code rootHash}, {@code auditPath},
	 * {@code hashAlgorithm}) with the signed tree head and the ledger receipt; or
	 * {@code status: PENDING} and {@code expectedBy}; or {@code status: REFUSED} and a
	 * {@code reason} for a stored row that the service did not write (its row MAC fails),
	 * which is never anchored.
	 */
	public record Proof(String status, @Nullable String eventHash, @Nullable String leafHash, @Nullable Long leafIndex,
			@Nullable Long treeSize, @Nullable String rootHash, @Nullable List<String> auditPath,
			@Nullable String hashAlgorithm, @Nullable SignedHead signedTreeHead, @Nullable Receipt ledger,
			@Nullable Instant expectedBy, @Nullable String reason) {

		static final String REFUSED_REASON = "This event record was not written by Veritrace (it fails the record's "
				+ "integrity check), so it was never anchored and has no proof. Do not rely on it; the operator's "
				+ "integrity report lists it.";

		static Proof pending(String eventHash, @Nullable Long leafIndex, Instant expectedBy) {
			return new Proof("PENDING", eventHash, null, leafIndex, null, null, null, null, null, null, expectedBy,
					null);
		}

		static Proof refused(String eventHash) {
			return new Proof("REFUSED", eventHash, null, null, null, null, null, null, null, null, null,
					REFUSED_REASON);
		}

	}

	/**
	 * The signed tree head: {@code signedBytes} is the exact encoding that was signed
	 * ({@code TreeHead.toSignedBytes()}), {@code signature} is over it with
	 * {@code publicKey}.
	 */
	public record SignedHead(long treeSize, String rootHash, String hashAlgorithm, Instant timestamp,
			String signatureAlgorithm, String publicKey, String signature, String signedBytes,
			List<Cosignatures.CosignatureDocument> cosignatures) {

		static SignedHead of(TreeHeadRow head, List<Cosignatures.CosignatureDocument> cosignatures) {
			HexFormat hex = HexFormat.of();
			TreeHead treeHead = head.head();
			return new SignedHead(head.treeSize(), hex.formatHex(head.rootHash()), treeHead.algorithm().standardName(),
					treeHead.timestamp(), head.signatureAlgorithm(), hex.formatHex(head.publicKey()),
					hex.formatHex(head.signature()), hex.formatHex(treeHead.toSignedBytes()), cosignatures);
		}

	}

	/** Where an anchored head was anchored. */
	Receipt receipt(TreeHeadRow head) {
		return new Receipt(head.ledgerKind(), head.chainId(), head.txHash(), head.blockNumber(),
				Instant.ofEpochMilli(head.blockTimeMs()), this.ledger.rootsAddress().orElse(null));
	}

	/** Where the head was anchored ({@code contractAddress} for EVM ledgers). */
	public record Receipt(@Nullable String kind, @Nullable String chainId, @Nullable String txHash,
			@Nullable Long blockNumber, Instant timestamp, @Nullable String contractAddress) {
	}

}
