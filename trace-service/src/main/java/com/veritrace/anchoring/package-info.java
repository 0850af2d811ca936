/**
 * Anchoring in the service: the database-backed Merkle log and node store, the anchor leader that seals and
 * anchors batches on the configured ledger, inclusion proofs and the integrity check over REST.
 */
@NullMarked
package com.veritrace.anchoring;

import org.jspecify.annotations.NullMarked;
