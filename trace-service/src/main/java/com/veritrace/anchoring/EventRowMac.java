package com.veritrace.anchoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.RowMac;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The per-row MAC of {@code trace_event}: HMAC-SHA256 under the service's row key over
 * the event hash, its algorithm, the reporter and the record time. The event store writes
 * it (through the events module's {@link RowMac} port); the anchor leader appends only
 * rows whose MAC verifies, so a row inserted directly into the database is never anchored
 * and is reported by the integrity job. Thread-safe.
 */
@Component
public class EventRowMac implements RowMac {

	private final Mac prototype;

	@Autowired
	EventRowMac(AnchorKeys keys, AnchorProperties properties) {
		this(keys.secret(AnchorKeys.ROW_MAC, properties.rowMacKey(), 32));
	}

	EventRowMac(byte[] key) {
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/** The MAC of one event row. */
	@Override
	public byte[] of(byte[] eventHash, String hashAlgorithm, long reporterId, long recordTimeMs) {
		byte[] algorithm = hashAlgorithm.getBytes(StandardCharsets.UTF_8);
		ByteBuffer message = ByteBuffer.allocate(eventHash.length + 1 + algorithm.length + 16)
			.put(eventHash)
			.put((byte) algorithm.length)
			.put(algorithm)
			.putLong(reporterId)
			.putLong(recordTimeMs);
		try {
			Mac mac = (Mac) this.prototype.clone();
			return mac.doFinal(message.array());
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

	/**
	 * Whether a {@code trace_event} row was written by the service: its MAC verifies, or
	 * it has none and predates row MACs ({@code rowId <= legacyMaxRowId}, from
	 * {@code anchor_state}). Only such rows are anchored.
	 */
	public boolean genuine(long rowId, byte @Nullable [] mac, byte[] eventHash, String hashAlgorithm, long reporterId,
			long recordTimeMs, long legacyMaxRowId) {
		return (mac == null) ? rowId <= legacyMaxRowId
				: verify(mac, eventHash, hashAlgorithm, reporterId, recordTimeMs);
	}

	/** Whether {@code mac} is this row's MAC (constant time). */
	public boolean verify(byte @Nullable [] mac, byte[] eventHash, String hashAlgorithm, long reporterId,
			long recordTimeMs) {
		return mac != null && MessageDigest.isEqual(mac, of(eventHash, hashAlgorithm, reporterId, recordTimeMs));
	}

}
