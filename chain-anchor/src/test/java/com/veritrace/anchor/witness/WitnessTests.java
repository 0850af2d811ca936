package com.veritrace.anchor.witness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The witness's verification over a real Merkle log and real signatures served from
 * memory: what it cosigns, and each alarm (fork, rollback, bad signature, untrusted key)
 * with the state left as it was. The HTTP side runs against the real service in
 * trace-service's WitnessIntegrationTests.
 */
class WitnessTests {

	private static final String LOG = "https://log.example";

	@TempDir
	Path dir;

	InMemoryLog log;

	WitnessState state;

	TreeHeadSigner key;

	final List<String> lines = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.log = new InMemoryLog();
		this.state = WitnessState.open(this.dir.resolve("state"));
		this.key = this.state.key(SignatureAlgorithm.ED25519, new SecureRandom()).signer();
	}

	Witness witness(List<SigningKeys.PublicKey> pinned, AnchorCheck anchors) {
		return new Witness(this.log, LOG, pinned, anchors, this.key, this.state, Clock.systemUTC(), this.lines::add, 4);
	}

	Witness witness() {
		return witness(List.of(), null);
	}

	@Test
	void everyNewHeadIsCheckedForConsistencyWithTheLastAndCosigned() {
		this.log.grow(3);
		this.log.grow(2);
		this.log.grow(4);

		Witness.Pass pass = witness().catchUp();

		assertThat(pass.verified()).isEqualTo(3);
		assertThat(pass.treeSize()).isEqualTo(9);
		assertThat(this.log.consistencyRequests).containsExactlyInAnyOrder(new long[] { 3, 5 }, new long[] { 5, 9 });
		assertThat(this.log.cosignatures).containsOnlyKeys(3L, 5L, 9L);
		this.log.cosignatures.forEach((size,
				cosignature) -> assertThatCode(
						() -> cosignature.verify(this.log.heads.get(size).signed().head(), this.key.publicKey()))
					.doesNotThrowAnyException());
		// nothing new: nothing asked, nothing cosigned
		assertThat(witness().catchUp().verified()).isZero();
		assertThat(this.log.consistencyRequests).hasSize(2);
	}

	@Test
	void theLastVerifiedHeadAndTheTrustedKeysSurviveARestart() throws Exception {
		this.log.grow(5);
		witness().catchUp();
		WitnessState.Saved saved = WitnessState.open(this.dir.resolve("state")).load(LOG);
		assertThat(saved.last().treeSize()).isEqualTo(5);
		assertThat(saved.last().signedBytes()).isEqualTo(this.log.heads.get(5L).signed().head().toSignedBytes());
		assertThat(saved.logKeys()).singleElement()
			.satisfies((k) -> assertThat(k.key()).isEqualTo(this.log.signer.publicKey()));

		// a new process: same key, and it continues from size 5
		this.state = WitnessState.open(this.dir.resolve("state"));
		WitnessState.Key again = this.state.key(SignatureAlgorithm.ED25519, new SecureRandom());
		assertThat(again.generated()).isFalse();
		assertThat(again.signer().publicKey()).isEqualTo(this.key.publicKey());
		this.log.grow(3);
		Witness.Pass pass = witness().catchUp();

		assertThat(pass.verified()).isEqualTo(1);
		assertThat(this.log.consistencyRequests).containsExactly(new long[] { 5, 8 });
		Path folder = this.dir.resolve("state");
		assertThat(Files.getPosixFilePermissions(folder.resolve(WitnessState.KEY_FILE)))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		try (Stream<Path> files = Files.list(folder)) {
			assertThat(files.map((p) -> p.getFileName().toString()))
				.as("no temporary file left behind by the atomic writes")
				.containsExactlyInAnyOrder(WitnessState.KEY_FILE, WitnessState.PUBLIC_FILE, WitnessState.STATE_FILE);
		}
		assertThat(SigningKeys.publicKey(Files.readString(folder.resolve(WitnessState.PUBLIC_FILE))).key())
			.isEqualTo(this.key.publicKey());
		assertThat(Files.readString(folder.resolve(WitnessState.STATE_FILE), StandardCharsets.UTF_8))
			.contains("\"treeSize\" : 8")
			.contains(this.log.heads.get(8L).signed().head().rootHex());
	}

	@Test
	void aRewrittenHistoryThatGrewPastTheVerifiedHeadIsAFork() {
		this.log.grow(4);
		this.log.grow(4);
		witness().catchUp();
		this.log.truncate(4);
		this.log.grow(6); // size 10, not an extension of size 8

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.FORK);
			assertThat(alarm.treeSize()).isEqualTo(10);
			assertThat(alarm.detail()).contains("does not extend the verified head 8");
		});
		assertThat(this.log.cosignatures).doesNotContainKey(10L);
		assertThat(this.state.load(LOG).last().treeSize()).isEqualTo(8);
	}

	@Test
	void aHeadOfTheVerifiedSizeWithAnotherRootIsAFork() {
		this.log.grow(4);
		this.log.grow(4);
		witness().catchUp();
		this.log.truncate(4);
		this.log.grow(4); // size 8 again, another root

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.FORK);
			assertThat(alarm.detail()).contains("same size, another root");
		});
	}

	@Test
	void aLogWhoseNewestHeadIsSmallerThanTheVerifiedOneRolledBack() {
		this.log.grow(4);
		this.log.grow(4);
		witness().catchUp();
		this.log.truncate(4);

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.ROLLBACK);
			assertThat(alarm.treeSize()).isEqualTo(4);
		});
		this.log.heads.clear();
		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp())
			.satisfies((alarm) -> assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.ROLLBACK));
	}

	@Test
	void aHeadWhoseSignatureDoesNotVerifyIsNeitherCosignedNorPassed() {
		this.log.grow(2);
		this.log.grow(2);
		this.log.grow(2);
		this.log.spoilSignature(4);

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.BAD_SIGNATURE);
			assertThat(alarm.treeSize()).isEqualTo(4);
		});
		assertThat(this.log.cosignatures).containsOnlyKeys(2L);
		assertThat(this.state.load(LOG).last().treeSize()).isEqualTo(2);
	}

	@Test
	void aHeadSignedByAKeyTheWitnessDoesNotTrustIsAnAlarm() {
		this.log.grow(2);
		TreeHeadSigner other = TreeHeadSigner.generate(new SecureRandom());
		this.log.grow(2, other);

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.UNTRUSTED_KEY);
			assertThat(alarm.detail()).contains(Witness.keyId(other.publicKey()));
		});
		assertThat(this.log.cosignatures).doesNotContainKey(4L);
	}

	@Test
	void pinnedKeysAreTheOnlyOnesTrustedWhateverTheLogPublishes() {
		TreeHeadSigner other = TreeHeadSigner.generate(new SecureRandom());
		this.log.published = List.of(InMemoryLog.publicKey(this.log.signer), InMemoryLog.publicKey(other));
		this.log.grow(2);

		assertThatExceptionOfType(WitnessAlarm.class)
			.isThrownBy(() -> witness(List.of(InMemoryLog.publicKey(other)), null).catchUp())
			.satisfies((alarm) -> assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.UNTRUSTED_KEY));
		assertThat(witness(List.of(InMemoryLog.publicKey(this.log.signer)), null).catchUp().verified()).isEqualTo(1);
		assertThat(this.state.load(LOG).logKeys()).as("nothing trusted on first use when keys are pinned").isEmpty();
	}

	@Test
	void keysPublishedLaterThanTheFirstUseAreAnAlarm() {
		this.log.grow(2);
		witness().catchUp();
		TreeHeadSigner rotated = TreeHeadSigner.generate(new SecureRandom());
		this.log.published = List.of(InMemoryLog.publicKey(rotated), InMemoryLog.publicKey(this.log.signer));
		this.log.grow(2);

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness().catchUp()).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.UNTRUSTED_KEY);
			assertThat(alarm.detail()).contains("changed since first use");
		});
		assertThat(this.log.cosignatures).doesNotContainKey(4L);
	}

	@Test
	void aHeadNotAnchoredYetEndsThePassAndIsCosignedOnceItIs() {
		AnchorCheck anchors = ServedHead::anchored;
		this.log.grow(2);
		this.log.status = "SEALED";
		this.log.grow(2);

		Witness.Pass pass = witness(List.of(), anchors).catchUp();

		assertThat(pass.verified()).isEqualTo(1);
		assertThat(pass.waiting()).isTrue();
		assertThat(this.log.cosignatures).containsOnlyKeys(2L);
		ServedHead sealed = this.log.heads.get(4L);
		this.log.heads.put(4L, new ServedHead(sealed.signed(), "ANCHORED", null));
		assertThat(witness(List.of(), anchors).catchUp().verified()).isEqualTo(1);
		assertThat(this.log.cosignatures).containsOnlyKeys(2L, 4L);
	}

	@Test
	void anAnchorMismatchStopsBeforeTheCosignature() {
		this.log.grow(2);
		AnchorCheck mismatch = (head) -> {
			throw new WitnessAlarm(WitnessAlarm.Kind.ANCHOR_MISMATCH, head.treeSize(), "the chain holds another root");
		};

		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> witness(List.of(), mismatch).catchUp())
			.satisfies((alarm) -> assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.ANCHOR_MISMATCH));
		assertThat(this.log.cosignatures).isEmpty();
		assertThat(this.state.load(LOG).last()).isNull();
	}

	@Test
	void aStateFolderOfAnotherLogIsRefused() {
		this.log.grow(2);
		witness().catchUp();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new Witness(this.log, "https://other.example", List.of(), null, this.key, this.state,
					Clock.systemUTC(), this.lines::add, 4)
				.catchUp())
			.withMessageContaining("belongs to the log " + LOG);
	}

	@Test
	void manyHeadsAreReadPageByPage() {
		for (int i = 0; i < Witness.PAGE + 5; i++) {
			this.log.grow(1);
		}

		Witness.Pass pass = witness().catchUp();

		assertThat(pass.verified()).isEqualTo(Witness.PAGE + 5);
		assertThat(pass.treeSize()).isEqualTo(Witness.PAGE + 5);
		Cosignature last = this.log.cosignatures.get((long) Witness.PAGE + 5);
		assertThat(HexFormat.of().formatHex(last.publicKey()))
			.isEqualTo(HexFormat.of().formatHex(this.key.publicKey()));
	}

}
