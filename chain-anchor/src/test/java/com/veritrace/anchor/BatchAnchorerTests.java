package com.veritrace.anchor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchAnchorerTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T04:00:00Z"));

	private final EmbeddedLedger ledger = new EmbeddedLedger("test", this.clock);

	private final TreeHeadSigner signer = TreeHeadSigner.ed25519(new byte[32]);

	private final BatchAnchorer anchorer = new BatchAnchorer(MerkleLog.inMemory(HashAlgorithm.SHA_256), this.signer,
			this.ledger, this.clock, new BatchPolicy(3, Duration.ofSeconds(10)), 0);

	@Test
	void anchorsWhenEnoughEventsWait() {
		assertThat(this.anchorer.anchorIfDue()).isEmpty();
		this.anchorer.append(event(0));
		this.anchorer.append(event(1));
		assertThat(this.anchorer.due()).isFalse();
		assertThat(this.anchorer.anchorIfDue()).isEmpty();
		this.anchorer.append(event(2));
		assertThat(this.anchorer.due()).isTrue();

		BatchAnchored batch = this.anchorer.anchorIfDue().orElseThrow();

		assertThat(batch.firstLeaf()).isZero();
		assertThat(batch.treeSize()).isEqualTo(3);
		assertThat(batch.receipt().status()).isEqualTo(LedgerReceipt.Status.CONFIRMED);
		assertThat(this.anchorer.pending()).isZero();
		assertThat(this.ledger.lookup(3).orElseThrow().rootHash()).isEqualTo(this.anchorer.log().root(3));
		assertThatCode(() -> TreeHeadSigner.verify(batch.signedHead(), this.signer.publicKey()))
			.doesNotThrowAnyException();
		assertThatCode(() -> this.ledger.verify(batch.receipt(), batch.signedHead().head())).doesNotThrowAnyException();
	}

	@Test
	void anchorsWhenTheOldestEventWaitedLongEnough() {
		this.anchorer.append(event(0));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.anchorer.anchorIfDue()).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.anchorer.anchorIfDue().orElseThrow().treeSize()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.anchorer.anchorIfDue()).as("nothing new").isEmpty();
		this.anchorer.appendAll(List.of(event(1), event(2)));
		assertThat(this.anchorer.anchorIfDue()).isEmpty();
		this.clock.advance(Duration.ofSeconds(10));
		BatchAnchored second = this.anchorer.anchorIfDue().orElseThrow();
		assertThat(second.firstLeaf()).isEqualTo(1);
		assertThat(second.leafCount()).isEqualTo(2);
	}

	@Test
	void proofDocumentOfAnAnchoredEventVerifiesAgainstTheLedgerRoot() {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			events.add(event(i));
		}
		this.anchorer.appendAll(events);
		TreeHead head = this.anchorer.anchorNow().orElseThrow().signedHead().head();
		this.anchorer.append(event(99)); // later events do not disturb proofs against the
											// anchored head

		String document = this.anchorer.proofDocument(events.get(7), 7, head);

		assertThat(ProofDocuments.verify(document).valid()).isTrue();
		assertThat(document)
			.contains("\"rootHash\" : \"" + TestData.HEX.formatHex(this.ledger.lookup(11).orElseThrow().rootHash()));
		assertThatExceptionOfType(LogRangeException.class)
			.isThrownBy(() -> this.anchorer.proofDocument(events.get(6), 7, head));
	}

	@Test
	void aRevertedAnchorDoesNotAdvanceTheAnchoredSize() {
		this.anchorer.appendAll(List.of(event(0), event(1)));
		// someone else anchored size 2 first
		TreeHead foreign = new TreeHead(2, new byte[32], HashAlgorithm.SHA_256, this.clock.instant());
		assertThat(this.ledger.anchor(this.signer.sign(foreign)).confirmed()).isTrue();

		BatchAnchored batch = this.anchorer.anchorNow().orElseThrow();

		assertThat(batch.receipt().status()).isEqualTo(LedgerReceipt.Status.REVERTED);
		assertThat(this.anchorer.anchoredSize()).isZero();
		assertThat(this.anchorer.pending()).isEqualTo(2);
		assertThat(this.anchorer.latest()).contains(batch);
		assertThatExceptionOfType(LedgerVerificationException.class)
			.isThrownBy(() -> this.ledger.verify(batch.receipt(), batch.signedHead().head()));
	}

	@Test
	void refusesMalformedEventHashes() {
		assertThatExceptionOfType(MalformedEventHashException.class)
			.isThrownBy(() -> this.anchorer.append("urn:uuid:1"));
		assertThat(this.anchorer.log().size()).isZero();
	}

	static String event(int i) {
		return EventHashIds.of(HashAlgorithm.SHA_256.digest(("batch event " + i).getBytes()));
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
