package com.veritrace.anchoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchor.TreeHead;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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

	private final ProofPathCache paths;

	/** How many witnesses are configured. */
	private final int witnesses;

	ProofService(JdbcTemplate jdbc, MerkleLog anchorProofLog, Ledger ledger, AnchorProperties properties, Clock clock,
			EventRowMac rowMac, Cosignatures cosignatures, AnchorKeys.Keyring logKeyring) {
		this.rowMac = rowMac;
		this.cosignatures = cosignatures;
		this.witnesses = logKeyring.witnesses().size();
		this.paths = new ProofPathCache(properties.proofs().cacheEntries());
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

	/**
	 * The proof of the event with this digest, or its PENDING or REFUSED status. Three
	 * queries at most: the event with its leaf, the candidate heads with their
	 * cosignatures, and (unless the path is in {@link ProofPathCache}) the proof's nodes.
	 */
	public Proof proof(byte[] digest) {
		List<EventRow> events = this.jdbc
			.query("SELECT e.id, e.record_time_ms, e.hash_algorithm, e.reporter_id, e.row_mac, l.leaf_index, "
					+ "l.appended_ms, l.leaf_hash FROM trace_event e LEFT JOIN anchor_leaf l ON l.event_row_id = e.id "
					+ "WHERE e.event_hash = ?",
					(rs, n) -> new EventRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
							rs.getBytes(5), rs.getObject(6, Long.class), rs.getLong(7), rs.getBytes(8)),
					(Object) digest);
		if (events.isEmpty()) {
			throw NotFoundException.of("Event", "No stored event has the hash " + HexFormat.of().formatHex(digest));
		}
		EventRow event = events.get(0);
		String algorithm = event.hashAlgorithm().toLowerCase(Locale.ROOT);
		String eventHash = "ni:///" + algorithm + ";" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
		Long leafIndex = event.leafIndex();
		if (leafIndex == null && !genuine(event, digest)) {
			return Proof.refused(eventHash);
		}
		CandidateHead candidate = proofHead(leafIndex);
		if (leafIndex == null || candidate == null || candidate.row().treeSize() <= leafIndex) {
			long since = (leafIndex == null) ? Math.max(event.recordTimeMs(), this.clock.millis()) : event.appendedMs();
			Instant expected = Instant.ofEpochMilli(since)
				.plus(this.properties.batch().maxDelay())
				.plus(this.properties.poll().interval().multipliedBy(4));
			if (expected.isBefore(this.clock.instant())) {
				expected = this.clock.instant().plus(this.properties.poll().interval().multipliedBy(4));
			}
			return Proof.pending(eventHash, leafIndex, expected);
		}
		TreeHeadRow head = candidate.row();
		HexFormat hex = HexFormat.of();
		TreeHead treeHead = head.head();
		SignedHead signed = SignedHead.of(head, this.cosignatures.served(candidate.cosignatures()));
		Receipt receipt = receipt(head);
		boolean sha256 = algorithm.equals("sha-256");
		return new Proof("ANCHORED", sha256 ? eventHash : null,
				sha256 ? null : hex.formatHex(this.proofLog.hasher().hashLeaf(digest)), leafIndex, head.treeSize(),
				hex.formatHex(head.rootHash()),
				auditPath(leafIndex, java.util.Objects.requireNonNull(event.leafHash()), head).stream()
					.map(hex::formatHex)
					.toList(),
				treeHead.algorithm().standardName(), signed, receipt, null, null);
	}

	/**
	 * The audit path of a leaf in a head's tree: from the cache, or computed from the
	 * log's nodes and kept if it leads to the head's root (a path from damaged nodes is
	 * served as it is, for the verifier to refuse, but never kept).
	 */
	private List<byte[]> auditPath(long leafIndex, byte[] leafHash, TreeHeadRow head) {
		List<byte[]> path = this.paths.get(leafIndex, head.treeSize(), head.rootHash());
		if (path == null) {
			path = this.proofLog.inclusionProof(leafIndex, head.treeSize()).auditPath();
			if (Arrays.equals(head.rootHash(), ProofVerifier.rootFromInclusionProof(this.proofLog.hasher(), leafIndex,
					head.treeSize(), leafHash, path))) {
				this.paths.put(leafIndex, head.treeSize(), head.rootHash(), path);
			}
		}
		return path;
	}

	/**
	 * How many of the newest anchored heads a proof may use, looking for cosigned ones.
	 */
	private static final int COSIGNED_LOOKBACK = 10;

	/**
	 * The anchored tree head a proof of {@code leafIndex} uses (null: none), with its
	 * stored cosignatures: the newest anchored one; with witnesses configured, the newest
	 * of the last {@value #COSIGNED_LOOKBACK} anchored heads that holds the leaf and has
	 * the most witnesses' cosignatures (witnesses cosign a few seconds after anchoring),
	 * so that the scan page can show them. One query; heads and cosignatures are read
	 * afresh for every proof (they are small, and a head row is what the log serves,
	 * changed or not).
	 */
	private @Nullable CandidateHead proofHead(@Nullable Long leafIndex) {
		int lookback = (this.witnesses == 0 || leafIndex == null) ? 1 : COSIGNED_LOOKBACK;
		List<CandidateHead> candidates = new ArrayList<>();
		this.jdbc.query("SELECT h.*, c.public_key, c.witness_time_ms, c.signature FROM (SELECT " + TreeHeadRow.COLUMNS
				+ " FROM anchor_tree_head WHERE status = 'ANCHORED' ORDER BY tree_size DESC LIMIT " + lookback + ") h "
				+ "LEFT JOIN anchor_cosignature c ON c.tree_size = h.tree_size ORDER BY h.tree_size DESC",
				(RowCallbackHandler) (rs) -> {
					CandidateHead last = candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
					if (last == null || last.row().treeSize() != rs.getLong(1)) {
						last = new CandidateHead(TreeHeadRow.ROW.mapRow(rs, candidates.size()), new ArrayList<>());
						candidates.add(last);
					}
					byte[] witnessKey = rs.getBytes(19);
					if (witnessKey != null) {
						last.cosignatures().add(new Cosignatures.Stored(witnessKey, rs.getLong(20), rs.getBytes(21)));
					}
				});
		CandidateHead best = null;
		for (CandidateHead candidate : candidates) {
			if (best == null || (leafIndex != null && candidate.row().treeSize() > leafIndex
					&& candidate.cosignatures().size() > best.cosignatures().size())) {
				best = candidate;
			}
		}
		return best;
	}

	/** An anchored head a proof may use, and its stored cosignatures. */
	private record CandidateHead(TreeHeadRow row, List<Cosignatures.Stored> cosignatures) {
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

	/** A stored event and, once appended, its leaf. */
	private record EventRow(long id, long recordTimeMs, String hashAlgorithm, long reporterId, byte @Nullable [] mac,
			@Nullable Long leafIndex, long appendedMs, byte @Nullable [] leafHash) {
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
