package com.veritrace.anchor.witness;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;

/**
 * A log for the witness's unit tests: the real Merkle log and signatures, served from
 * memory instead of over HTTP, with the means to misbehave (rewrite history, sign with
 * another key, spoil a signature). Records every consistency request and cosignature.
 */
final class InMemoryLog implements LogEndpoint {

	private final SecureRandom random = new SecureRandom();

	final TreeHeadSigner signer = TreeHeadSigner.generate(this.random);

	private final List<byte[]> entries = new ArrayList<>();

	private MerkleLog tree = MerkleLog.inMemory(HashAlgorithm.SHA_256);

	final TreeMap<Long, ServedHead> heads = new TreeMap<>();

	List<SigningKeys.PublicKey> published = List.of(publicKey(this.signer));

	final List<long[]> consistencyRequests = java.util.Collections.synchronizedList(new ArrayList<>());

	final Map<Long, Cosignature> cosignatures = java.util.Collections.synchronizedMap(new TreeMap<>());

	String status = "ANCHORED";

	static SigningKeys.PublicKey publicKey(TreeHeadSigner signer) {
		return new SigningKeys.PublicKey(signer.algorithm(), signer.publicKey());
	}

	/** Appends {@code leaves} random entries and signs a head over them. */
	ServedHead grow(int leaves) {
		return grow(leaves, this.signer);
	}

	ServedHead grow(int leaves, TreeHeadSigner by) {
		for (int i = 0; i < leaves; i++) {
			byte[] entry = new byte[32];
			this.random.nextBytes(entry);
			this.entries.add(entry);
			this.tree.append(entry);
		}
		TreeHead head = this.tree.treeHead(Clock.systemUTC());
		ServedHead served = new ServedHead(by.sign(head), this.status, null);
		this.heads.put(head.treeSize(), served);
		return served;
	}

	/**
	 * History rewritten: only the first {@code keep} leaves are kept, their heads too;
	 * later heads are dropped (grow again to sign new ones).
	 */
	void truncate(int keep) {
		this.tree = MerkleLog.inMemory(HashAlgorithm.SHA_256);
		List<byte[]> kept = new ArrayList<>(this.entries.subList(0, keep));
		this.entries.clear();
		kept.forEach((e) -> {
			this.entries.add(e);
			this.tree.append(e);
		});
		this.heads.tailMap((long) keep, false).clear();
	}

	/** The head of {@code size} with one bit of its signature flipped. */
	void spoilSignature(long size) {
		SignedTreeHead signed = this.heads.get(size).signed();
		byte[] signature = signed.signature();
		signature[0] ^= 1;
		this.heads.put(size,
				new ServedHead(
						new SignedTreeHead(signed.head(), signed.signatureAlgorithm(), signed.publicKey(), signature),
						this.status, null));
	}

	@Override
	public List<SigningKeys.PublicKey> keys() {
		return this.published;
	}

	@Override
	public Optional<ServedHead> latest() {
		return this.heads.isEmpty() ? Optional.empty() : Optional.of(this.heads.lastEntry().getValue());
	}

	@Override
	public List<ServedHead> after(long after, int limit) {
		return this.heads.tailMap(after, false).values().stream().limit(limit).toList();
	}

	@Override
	public List<byte[]> consistency(long first, long second) {
		this.consistencyRequests.add(new long[] { first, second });
		return this.tree.consistencyProof(first, second).path();
	}

	@Override
	public PostResult cosign(long treeSize, Cosignature cosignature) {
		boolean fresh = this.cosignatures.putIfAbsent(treeSize, cosignature) == null;
		return new PostResult(fresh ? PostResult.Outcome.STORED : PostResult.Outcome.ALREADY_STORED, "");
	}

}
