package com.veritrace.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.codes.HmacSha256;
import com.veritrace.codes.NumericSerials;
import com.veritrace.codes.SerialGenerator;
import com.veritrace.codes.SerialVerifier;
import org.springframework.stereotype.Component;

/**
 * The keys behind serials. One platform master key (configured, or generated once and
 * kept in a file for the embedded default); each GTIN gets its own key,
 * HMAC-SHA256(master, "veritrace/gtin-key/v1:" + GTIN), so checking a serial needs the
 * GTIN only — no database read. Other keys every node must share (the scan page's place
 * tokens) can be derived from it too, under their own label. Keys never reach a log.
 */
@Component
public class SerialKeys {

	private static final Logger log = LoggerFactory.getLogger(SerialKeys.class);

	private static final int CACHE_LIMIT = 10_000;

	private final HmacSha256 master;

	private final Map<String, PerGtin> cache = new ConcurrentHashMap<>();

	public SerialKeys(CodesProperties properties) {
		this.master = new HmacSha256(
				properties.serialKey() != null ? decode(properties.serialKey()) : fromFile(properties.serialKeyFile()));
	}

	/** The generators and verifiers of one GTIN. */
	record PerGtin(SerialGenerator generator, SerialVerifier verifier, NumericSerials numeric) {
	}

	PerGtin forGtin(String gtin14) {
		PerGtin found = this.cache.get(gtin14);
		if (found != null) {
			return found;
		}
		if (this.cache.size() > CACHE_LIMIT) {
			this.cache.clear();
		}
		byte[] key = derive(gtin14);
		PerGtin made = new PerGtin(new SerialGenerator(key), new SerialVerifier(key), new NumericSerials(key));
		this.cache.put(gtin14, made);
		return made;
	}

	private byte[] derive(String gtin14) {
		return hmac("veritrace/gtin-key/v1:" + gtin14);
	}

	/**
	 * A 32-byte key for {@code purpose} (lower-case words and dashes),
	 * HMAC-SHA256(master, "veritrace/" + purpose + "/v1"): the same on every node that
	 * shares the master key, and unrelated to the serial keys and to the keys of other
	 * purposes.
	 */
	public byte[] purposeKey(String purpose) {
		if (!purpose.matches("[a-z]+(-[a-z]+)*") || purpose.equals("gtin-key")) {
			throw new IllegalArgumentException("not a key purpose: " + purpose);
		}
		return hmac("veritrace/" + purpose + "/v1");
	}

	private byte[] hmac(String label) {
		return this.master.sign(label.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] decode(String base64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("veritrace.codes.serial-key is not base64");
		}
		if (key.length < 32) {
			throw new IllegalStateException(
					"veritrace.codes.serial-key must hold at least 32 bytes, found " + key.length);
		}
		return key;
	}

	private static byte[] fromFile(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
			}
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			Path dir = file.toAbsolutePath().getParent();
			if (dir != null) {
				Files.createDirectories(dir);
			}
			Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
					StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system
			}
			log.warn(
					"Generated a serial master key in {}: every node must use the same key "
							+ "(set veritrace.codes.serial-key); losing it makes issued serials fail their check",
					file);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the serial key file " + file, ex);
		}
	}

}
