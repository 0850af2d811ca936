package com.veritrace.anchoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The anchoring's secrets, kept out of the database they protect: each is configured
 * (hex, from the environment or a secret store), read from a key file, or, for the
 * embedded default, generated once into the key folder
 * ({@code veritrace.anchor.keys.dir}, {@code ./data/keys}). A key an earlier version kept
 * in {@code anchor_key} is moved to its file at start and deleted from the table. Values
 * are never logged.
 */
class AnchorKeys {

	private static final Logger log = LoggerFactory.getLogger(AnchorKeys.class);

	static final String SIGNING = "tree-head-signing";

	static final String LEDGER = "embedded-ledger";

	static final String ROW_MAC = "row-mac";

	private final JdbcTemplate jdbc;

	private final AnchorProperties.Keys settings;

	private final SecureRandom random = new SecureRandom();

	AnchorKeys(JdbcTemplate jdbc, AnchorProperties.Keys settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * The tree-head signer: the configured hex Ed25519 seed, else the configured PKCS#8
	 * file, else {@code tree-head-signing.pem} in the key folder (generated with
	 * {@code algorithm} when missing), and the public keys of earlier signers.
	 */
	Keyring keyring(@Nullable String configuredSeed, SignatureAlgorithm algorithm) {
		TreeHeadSigner signer;
		if (configuredSeed != null && !configuredSeed.isBlank()) {
			signer = TreeHeadSigner.ed25519(hex(SIGNING, configuredSeed, 32));
		}
		else {
			Path file = this.settings.signingKeyFile();
			if (file == null) {
				file = this.settings.dir().resolve(SIGNING + ".pem");
				byte[] moved = movedFromDatabase(SIGNING);
				String pem = moved != null ? SigningKeys.ed25519(moved) : SigningKeys.generate(algorithm, this.random);
				createIfMissing(file, pem, moved != null ? "moved from the database" : "generated");
			}
			try {
				signer = SigningKeys.signer(Files.readString(file, StandardCharsets.US_ASCII), this.random);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the tree-head signing key file " + file, ex);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("the tree-head signing key file " + file + ": " + ex.getMessage());
			}
		}
		List<SigningKeys.PublicKey> retired = new ArrayList<>();
		for (Path file : this.settings.retiredPublicKeys()) {
			try {
				retired.add(SigningKeys.publicKey(Files.readString(file, StandardCharsets.US_ASCII)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the retired public key file " + file, ex);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("the retired public key file " + file + ": " + ex.getMessage());
			}
		}
		List<WitnessKey> witnesses = new ArrayList<>();
		for (AnchorProperties.Witness witness : this.settings.witnesses()) {
			Path file = witness.publicKeyFile();
			try {
				witnesses.add(new WitnessKey(witness.name(),
						SigningKeys.publicKey(Files.readString(file, StandardCharsets.US_ASCII))));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read witness " + witness.name() + "'s public key file " + file,
						ex);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"witness " + witness.name() + "'s public key file " + file + ": " + ex.getMessage());
			}
		}
		return new Keyring(signer, retired, witnesses);
	}

	/**
	 * A symmetric key: the configured hex value ({@code length} bytes), else
	 * {@code <name>.key} (hex) in the key folder, generated when missing.
	 */
	byte[] secret(String name, @Nullable String configured, int length) {
		if (configured != null && !configured.isBlank()) {
			return hex(name, configured, length);
		}
		Path file = this.settings.dir().resolve(name + ".key");
		if (!Files.exists(file)) {
			byte[] moved = movedFromDatabase(name);
			byte[] fresh = moved;
			if (fresh == null) {
				fresh = new byte[length];
				this.random.nextBytes(fresh);
			}
			createIfMissing(file, HexFormat.of().formatHex(fresh) + "\n",
					moved != null ? "moved from the database" : "generated");
		}
		try {
			return hex(name + " (" + file + ")", Files.readString(file, StandardCharsets.US_ASCII), length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the " + name + " key file " + file, ex);
		}
	}

	/**
	 * The key an earlier version generated into {@code anchor_key}, or null; read only
	 * while its file does not exist yet (the row is deleted once the file is written).
	 */
	private byte @Nullable [] movedFromDatabase(String name) {
		Path file = name.equals(SIGNING) ? this.settings.dir().resolve(SIGNING + ".pem")
				: this.settings.dir().resolve(name + ".key");
		if (Files.exists(file)) {
			return null;
		}
		List<byte[]> stored = this.jdbc.query("SELECT secret FROM anchor_key WHERE name = ?", (rs, n) -> rs.getBytes(1),
				name);
		return stored.isEmpty() ? null : stored.get(0);
	}

	/**
	 * Writes {@code content} to {@code file} (owner read and write only) unless it
	 * exists; a key that came from {@code anchor_key} is deleted there once written.
	 */
	private void createIfMissing(Path file, String content, String how) {
		if (Files.exists(file)) {
			return;
		}
		try {
			Path dir = file.toAbsolutePath().getParent();
			if (dir != null) {
				Files.createDirectories(dir);
			}
			Path partial = Files.createTempFile(dir, ".key", ".part");
			try {
				Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system
			}
			Files.writeString(partial, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
			try {
				// another node sharing the folder may have written it first: its key wins
				Files.createLink(file, partial);
			}
			catch (FileAlreadyExistsException ex) {
				Files.delete(partial);
				return;
			}
			Files.delete(partial);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the key file " + file, ex);
		}
		String name = file.getFileName().toString().replaceFirst("\\.(pem|key)$", "");
		if (how.startsWith("moved")) {
			this.jdbc.update("DELETE FROM anchor_key WHERE name = ?", name);
		}
		log.warn("The {} key was {} into {} (configure keys from a secret store in production; every node must "
				+ "share them)", name, how, file);
	}

	private static byte[] hex(String name, String value, int length) {
		byte[] key;
		try {
			key = HexFormat.of().parseHex(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("the configured " + name + " key is not hex");
		}
		if (key.length != length) {
			throw new IllegalStateException(
					"the configured " + name + " key must have " + length + " bytes, not " + key.length);
		}
		return key;
	}

	/**
	 * The log's keys: the one that signs new tree heads, the public keys of those that
	 * signed earlier ones (after a rotation), still trusted for verification, and the
	 * witnesses' public keys.
	 */
	record Keyring(TreeHeadSigner signer, List<SigningKeys.PublicKey> retired, List<WitnessKey> witnesses) {

		/** The configured witness whose key this is, if any. */
		Optional<WitnessKey> witness(byte[] publicKey) {
			return this.witnesses.stream().filter((w) -> MessageDigest.isEqual(w.key().key(), publicKey)).findFirst();
		}

		/** Every trusted key, the current one first. */
		List<SigningKeys.PublicKey> all() {
			List<SigningKeys.PublicKey> all = new ArrayList<>();
			all.add(new SigningKeys.PublicKey(this.signer.algorithm(), this.signer.publicKey()));
			all.addAll(this.retired);
			return all;
		}

		/** The trusted key equal to {@code publicKey}, if any. */
		Optional<SigningKeys.PublicKey> trusted(byte[] publicKey) {
			return all().stream().filter((k) -> MessageDigest.isEqual(k.key(), publicKey)).findFirst();
		}

		boolean isCurrent(byte[] publicKey) {
			return MessageDigest.isEqual(this.signer.publicKey(), publicKey);
		}

	}

	/** A witness: who runs it, and its public key. */
	record WitnessKey(String name, SigningKeys.PublicKey key) {
	}

}
