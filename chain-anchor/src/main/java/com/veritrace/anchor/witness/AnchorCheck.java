package com.veritrace.anchor.witness;

/**
 * Checks a head's ledger anchor on a node the witness trusts (its own).
 */
public interface AnchorCheck {

	/**
	 * Whether the head is anchored as it says: {@code true} when it is, {@code false}
	 * when it is not anchored yet (SEALED: wait for it).
	 * @throws WitnessAlarm ({@link WitnessAlarm.Kind#ANCHOR_MISMATCH}) when the ledger
	 * does not hold this head where the head says
	 * @throws UnavailableException when the node cannot be reached
	 */
	boolean anchored(ServedHead head);

}
