package com.veritrace.anchor.witness;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.ProofVerificationException;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSignatureException;
import com.veritrace.anchor.TreeHeadSigner;

/**
 * One witness over one log: a {@link #catchUp() catch-up pass} verifies every head the
 * log signed since the last verified one, in order, and cosigns each. Checks, per head:
 * the key is a trusted log key ({@code --log-key}, else the keys the log published when
 * the witness first met it, any later change being an alarm), the signature verifies over
 * the head's signed bytes, an RFC 9162 consistency proof leads from the last verified
 * head to it, and (with an {@link AnchorCheck}) its anchor is on the witness's own node;
 * a head not anchored yet ends the pass (cosigned at a later one). Before the pages, the
 * log's newest head must not be smaller than the last verified one
 * ({@link WitnessAlarm.Kind#ROLLBACK}) nor, at the same size, another root
 * ({@link WitnessAlarm.Kind#FORK}). Not thread-safe: one pass at a time.
 */
public final class Witness {

	/** Heads asked for per page (the log's maximum). */
	public static final int PAGE = 1000;

	private final LogEndpoint log;

	private final String logName;

	private final List<SigningKeys.PublicKey> pinned;

	private final @Nullable AnchorCheck anchors;

	private final TreeHeadSigner key;

	private final WitnessState state;

	private final Clock clock;

	private final Consumer<String> info;

	private final int parallel;

	/**
	 * @param log the log
	 * @param logName the log's base URL, as the state records it
	 * @param pinned the log keys to trust; empty: trust on first use
	 * @param anchors the anchor check, or {@code null} to check none
	 * @param key the witness's own key
	 * @param state the witness's folder
	 * @param clock the cosignatures' time
	 * @param info where progress lines go
	 * @param parallel how many heads are checked, and cosignatures posted, at once
	 */
	public Witness(LogEndpoint log, String logName, List<SigningKeys.PublicKey> pinned, @Nullable AnchorCheck anchors,
			TreeHeadSigner key, WitnessState state, Clock clock, Consumer<String> info, int parallel) {
		if (parallel < 1) {
			throw new IllegalArgumentException("parallel must be at least 1");
		}
		this.parallel = parallel;
		this.log = log;
		this.logName = logName;
		this.pinned = List.copyOf(pinned);
		this.anchors = anchors;
		this.key = key;
		this.state = state;
		this.clock = clock;
		this.info = info;
	}

	/**
	 * What a pass did.
	 *
	 * @param verified heads verified and cosigned
	 * @param refused cosignatures the log refused (not a witness of this log?)
	 * @param waiting whether a head waits for its anchor
	 * @param treeSize the last verified size (0: none yet)
	 */
	public record Pass(int verified, int refused, boolean waiting, long treeSize) {
	}

	/**
	 * Verifies and cosigns every new head.
	 * @throws WitnessAlarm on evidence of misbehaviour (state unchanged for that head)
	 * @throws UnavailableException when the log or node cannot be reached (the heads
	 * verified and cosigned so far are saved)
	 */
	public Pass catchUp() {
		WitnessState.Saved saved = this.state.load(this.logName);
		if (!saved.log().equals(this.logName)) {
			throw new IllegalStateException("the state folder " + this.state.dir() + " belongs to the log "
					+ saved.log() + ", not " + this.logName + ": use another --state");
		}
		List<SigningKeys.PublicKey> trusted = this.pinned;
		if (trusted.isEmpty()) {
			saved = trustOnFirstUse(saved);
			trusted = saved.logKeys();
		}
		WitnessState.Verified last = saved.last();
		Optional<ServedHead> latest = this.log.latest();
		if (latest.isEmpty()) {
			if (last != null) {
				throw new WitnessAlarm(WitnessAlarm.Kind.ROLLBACK, 0,
						"the log serves no tree head; the witness verified size " + last.treeSize());
			}
			return new Pass(0, 0, false, 0);
		}
		TreeHead newest = checkSignature(latest.get(), trusted);
		if (last != null && newest.treeSize() < last.treeSize()) {
			throw new WitnessAlarm(WitnessAlarm.Kind.ROLLBACK, newest.treeSize(), "the log's newest head has size "
					+ newest.treeSize() + ", the witness verified size " + last.treeSize() + " before");
		}
		if (last != null && newest.treeSize() == last.treeSize()
				&& !MessageDigest.isEqual(newest.rootHash(), last.rootHash())) {
			throw fork(newest, last, "same size, another root");
		}
		int verified = 0;
		int refused = 0;
		ExecutorService pool = Executors.newFixedThreadPool(this.parallel, (task) -> {
			Thread thread = new Thread(task, "witness-check");
			thread.setDaemon(true);
			return thread;
		});
		try {
			while (true) {
				long after = (last == null) ? 0 : last.treeSize();
				List<ServedHead> page = this.log.after(after, PAGE);
				// every head of the page checked at once against its predecessor (the
				// first
				// against the last verified one): signature, consistency, anchor
				List<Future<Checked>> checks = new ArrayList<>(page.size());
				for (int i = 0; i < page.size(); i++) {
					ServedHead served = page.get(i);
					WitnessState.Verified previous = (i == 0) ? last
							: WitnessState.Verified.of(page.get(i - 1).signed().head(), this.clock.instant());
					List<SigningKeys.PublicKey> keys = trusted;
					checks.add(pool.submit(() -> check(served, previous, keys)));
				}
				// only the unbroken run of verified heads from the last verified one is
				// cosigned: nothing after an alarm, nor after a head still waiting for
				// its
				// anchor
				List<TreeHead> accepted = new ArrayList<>();
				RuntimeException stop = null;
				boolean waiting = false;
				for (Future<Checked> check : checks) {
					Checked checked = await(check);
					if (checked.failure() != null) {
						stop = checked.failure();
						break;
					}
					if (!checked.anchored()) {
						this.info.accept(
								"head " + checked.head().treeSize() + " is not anchored yet: cosigned at a later pass");
						waiting = true;
						break;
					}
					accepted.add(checked.head());
				}
				List<Future<LogEndpoint.PostResult>> posts = new ArrayList<>(accepted.size());
				for (TreeHead head : accepted) {
					posts.add(pool.submit(() -> this.log.cosign(head.treeSize(),
							Cosignature.sign(this.key, head, this.clock.millis()))));
				}
				try {
					for (int i = 0; i < posts.size(); i++) {
						Checked posted = await(posts.get(i));
						if (posted.failure() != null) {
							stop = posted.failure();
							break;
						}
						LogEndpoint.PostResult result = posted.post();
						if (result.outcome() == LogEndpoint.PostResult.Outcome.REFUSED) {
							refused++;
							this.info.accept("the log refused the cosignature on head " + accepted.get(i).treeSize()
									+ ": " + result.detail());
						}
						last = WitnessState.Verified.of(accepted.get(i), this.clock.instant());
						verified++;
					}
				}
				finally {
					if (last != null && last != saved.last()) {
						saved = saved.with(last);
						this.state.save(saved);
					}
				}
				if (stop != null) {
					throw stop;
				}
				if (waiting || page.size() < PAGE) {
					return new Pass(verified, refused, waiting, (last == null) ? 0 : last.treeSize());
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * A head's checks: its head, whether it is anchored, or the failure; or a post's
	 * result.
	 */
	private record Checked(@Nullable TreeHead head, boolean anchored, @Nullable RuntimeException failure,
			LogEndpoint.@Nullable PostResult post) {
	}

	private Checked check(ServedHead served, WitnessState.@Nullable Verified previous,
			List<SigningKeys.PublicKey> trusted) {
		TreeHead head = checkSignature(served, trusted);
		long after = (previous == null) ? 0 : previous.treeSize();
		if (head.treeSize() <= after) {
			throw new WitnessAlarm(WitnessAlarm.Kind.FORK, head.treeSize(),
					"asked for heads after size " + after + ", the log served size " + head.treeSize());
		}
		if (previous != null) {
			checkConsistency(previous, head);
		}
		return new Checked(head, this.anchors == null || this.anchors.anchored(served), null, null);
	}

	@SuppressWarnings("unchecked")
	private static Checked await(Future<?> future) {
		try {
			Object value = future.get();
			return (value instanceof Checked checked) ? checked
					: new Checked(null, true, null, (LogEndpoint.PostResult) value);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				return new Checked(null, false, failure, null);
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Checked(null, false, new UnavailableException("interrupted"), null);
		}
	}

	private WitnessState.Saved trustOnFirstUse(WitnessState.Saved saved) {
		List<SigningKeys.PublicKey> published = this.log.keys();
		if (published.isEmpty()) {
			throw new UnavailableException("the log publishes no signing key at /.well-known/veritrace-log");
		}
		if (saved.logKeys().isEmpty()) {
			WitnessState.Saved trusting = new WitnessState.Saved(saved.log(), saved.last(), published);
			this.state.save(trusting);
			this.info.accept("trusting the log's published keys on first use: " + ids(published)
					+ " (pin them with --log-key to be independent of this first answer)");
			return trusting;
		}
		if (!ids(published).equals(ids(saved.logKeys()))) {
			WitnessState.Verified last = saved.last();
			throw new WitnessAlarm(WitnessAlarm.Kind.UNTRUSTED_KEY, (last == null) ? 0 : last.treeSize(),
					"the log's published keys changed since first use: trusted " + ids(saved.logKeys()) + ", now "
							+ ids(published));
		}
		return saved;
	}

	private static TreeHead checkSignature(ServedHead served, List<SigningKeys.PublicKey> trusted) {
		SignedTreeHead signed = served.signed();
		long size = signed.head().treeSize();
		SigningKeys.PublicKey key = trusted.stream()
			.filter((k) -> k.algorithm() == signed.signatureAlgorithm() && Arrays.equals(k.key(), signed.publicKey()))
			.findFirst()
			.orElseThrow(() -> new WitnessAlarm(WitnessAlarm.Kind.UNTRUSTED_KEY, size,
					"head " + size + " is signed by key " + keyId(signed.publicKey()) + ", not a trusted log key"));
		try {
			TreeHeadSigner.verify(signed, key.key());
		}
		catch (TreeHeadSignatureException ex) {
			throw new WitnessAlarm(WitnessAlarm.Kind.BAD_SIGNATURE, size, "head " + size + ": " + ex.getMessage());
		}
		return signed.head();
	}

	private void checkConsistency(WitnessState.Verified last, TreeHead head) {
		TreeHead previous = TreeHead.fromSignedBytes(last.signedBytes());
		if (previous.algorithm() != head.algorithm()) {
			throw fork(head, last,
					"hash algorithm " + head.algorithm() + ", verified heads use " + previous.algorithm());
		}
		List<byte[]> path = this.log.consistency(last.treeSize(), head.treeSize());
		try {
			ProofVerifier.verifyConsistency(LogHasher.of(head.algorithm()), last.treeSize(), head.treeSize(), path,
					last.rootHash(), head.rootHash());
		}
		catch (ProofVerificationException ex) {
			throw fork(head, last, "no consistency proof: " + ex.getMessage());
		}
	}

	private static WitnessAlarm fork(TreeHead head, WitnessState.Verified last, String why) {
		return new WitnessAlarm(WitnessAlarm.Kind.FORK, head.treeSize(),
				"head " + head.treeSize() + " (root " + head.rootHex() + ") does not extend the verified head "
						+ last.treeSize() + " (root " + HexFormat.of().formatHex(last.rootHash()) + "): " + why);
	}

	private static Set<String> ids(List<SigningKeys.PublicKey> keys) {
		Set<String> ids = new HashSet<>();
		keys.forEach((k) -> ids.add(k.algorithm() + ":" + keyId(k.key())));
		return ids;
	}

	/** A key's id: lowercase hex SHA-256 of its raw bytes (as the log names keys). */
	public static String keyId(byte[] publicKey) {
		return com.veritrace.anchor.SigningKeys.keyId(publicKey);
	}

}
