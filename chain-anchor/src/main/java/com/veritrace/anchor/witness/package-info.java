/**
 * {@code veritrace-witness}: a standalone verifier of a Veritrace transparency log (issue
 * 16, item 3; docs/TRANSPARENCY.md "Running a witness"). It follows the log's signed tree
 * heads, checks each one's signature under a trusted log key, its consistency with the
 * last head it verified and, with an EVM node of its own, the ledger anchor; then cosigns
 * the head with its own key and posts the cosignature back. A fork, a rollback, a bad
 * signature, an untrusted key or an anchor mismatch is an alarm: logged, posted to an
 * optional webhook, and the witness stops (exit code 2) without cosigning again. No
 * database, no Spring: {@link com.veritrace.anchor.witness.WitnessMain} is the entry
 * point of {@code chain-anchor/target/veritrace-witness.jar}.
 */
@NullMarked
package com.veritrace.anchor.witness;

import org.jspecify.annotations.NullMarked;
