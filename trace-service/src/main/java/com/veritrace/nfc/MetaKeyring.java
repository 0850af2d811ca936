package com.veritrace.nfc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Every brand's SDM meta-read keys, opened, in memory: a tap's PICC data is decrypted
 * with each until one yields a registered chip. Loaded on first use, dropped when this
 * node registers chips, reloaded when a tap finds no chip (chips registered on another
 * node) at most once per {@link #RELOAD_MILLIS}.
 */
@Component
class MetaKeyring {

	static final long RELOAD_MILLIS = 5_000;

	/** An opened meta-read key. */
	record Candidate(long id, long organisationId, byte[] key) {

		@Override
		public String toString() {
			return "Candidate[" + this.id + "]";
		}

	}

	private final TagStore store;

	private final NfcKeys keys;

	private final Clock clock;

	private volatile List<Candidate> candidates = List.of();

	private volatile long loadedMs = Long.MIN_VALUE;

	MetaKeyring(TagStore store, NfcKeys keys, Clock clock) {
		this.store = store;
		this.keys = keys;
		this.clock = clock;
	}

	List<Candidate> candidates() {
		if (this.loadedMs == Long.MIN_VALUE) {
			reload();
		}
		return this.candidates;
	}

	/**
	 * Reloads unless it was loaded within the last few seconds.
	 * @return whether it reloaded
	 */
	boolean reloadIfStale() {
		if (this.clock.millis() - this.loadedMs < RELOAD_MILLIS) {
			return false;
		}
		reload();
		return true;
	}

	void invalidate() {
		this.loadedMs = Long.MIN_VALUE;
	}

	private synchronized void reload() {
		List<Candidate> loaded = new ArrayList<>();
		for (TagStore.MetaKey k : this.store.metaKeys()) {
			loaded.add(new Candidate(k.id(), k.organisationId(),
					this.keys.open(NfcKeys.metaKeyBinding(k.organisationId()), k.box())));
		}
		this.candidates = List.copyOf(loaded);
		this.loadedMs = this.clock.millis();
	}

}
