package com.veritrace.anchor.witness;

import java.util.List;
import java.util.Optional;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SigningKeys;

/**
 * The log as a witness sees it: the public API of docs/TRANSPARENCY.md. Every method
 * throws {@link UnavailableException} when the log cannot be reached or answers outside
 * the protocol.
 */
public interface LogEndpoint {

	/** The log's signing keys ({@code /.well-known/veritrace-log}). */
	List<SigningKeys.PublicKey> keys();

	/** The newest signed tree head; empty before the log signed any. */
	Optional<ServedHead> latest();

	/** The heads larger than {@code after}, smallest first, at most {@code limit}. */
	List<ServedHead> after(long after, int limit);

	/** The RFC 9162 consistency path from size {@code first} to {@code second}. */
	List<byte[]> consistency(long first, long second);

	/** Posts a cosignature on the head of {@code treeSize}. */
	PostResult cosign(long treeSize, Cosignature cosignature);

	/** What the log did with a cosignature. */
	record PostResult(Outcome outcome, String detail) {

		/** 201, 200, or refused (4xx: not a witness of this log, no such head). */
		public enum Outcome {

			STORED, ALREADY_STORED, REFUSED

		}

	}

}
