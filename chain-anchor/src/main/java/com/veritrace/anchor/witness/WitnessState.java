package com.veritrace.anchor.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;

/**
 * The witness's folder: its private key ({@value #KEY_FILE}, PKCS#8, generated at first
 * start, owner-only), its public key beside it ({@value #PUBLIC_FILE}), the last head it
 * verified and the log keys it trusts on first use ({@value #STATE_FILE}, JSON, replaced
 * atomically), and the last alarm ({@value #ALARM_FILE}: while it exists the witness
 * refuses to run).
 */
public final class WitnessState {

	static final String KEY_FILE = "witness.pem";

	static final String PUBLIC_FILE = "witness.pub.pem";

	static final String STATE_FILE = "state.json";

	static final String ALARM_FILE = "alarm.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path dir;

	private WitnessState(Path dir) {
		this.dir = dir;
	}

	/** The last verified head: its size, root and the exact bytes the log signed. */
	public record Verified(long treeSize, byte[] rootHash, byte[] signedBytes, Instant verifiedAt) {

		static Verified of(TreeHead head, Instant at) {
			return new Verified(head.treeSize(), head.rootHash(), head.toSignedBytes(), at);
		}

	}

	/**
	 * What the witness keeps between runs.
	 *
	 * @param log the log's base URL (a state belongs to one log)
	 * @param last the last verified head, none before the first
	 * @param logKeys the log keys trusted on first use (empty when keys are pinned)
	 */
	public record Saved(String log, @Nullable Verified last, List<SigningKeys.PublicKey> logKeys) {

		Saved with(Verified verified) {
			return new Saved(this.log, verified, this.logKeys);
		}

	}

	/** Opens (creating, owner-only) the folder. */
	public static WitnessState open(Path dir) {
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir);
				posix(dir, "rwx------");
			}
			return new WitnessState(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the state folder " + dir, ex);
		}
	}

	public Path dir() {
		return this.dir;
	}

	/** The witness's key, and whether it was generated now. */
	public record Key(TreeHeadSigner signer, boolean generated) {
	}

	/** Reads the witness's key, generating it (of {@code algorithm}) at first start. */
	public Key key(SignatureAlgorithm algorithm, SecureRandom random) {
		Path file = this.dir.resolve(KEY_FILE);
		try {
			boolean generated = false;
			if (!Files.exists(file)) {
				String pem = SigningKeys.generate(algorithm, random);
				Path temp = Files.createTempFile(this.dir, ".witness", ".pem");
				posix(temp, "rw-------");
				Files.writeString(temp, pem, StandardCharsets.US_ASCII);
				try {
					// never replaces a key another process wrote meanwhile
					Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
					generated = true;
				}
				catch (FileAlreadyExistsException ex) {
					Files.deleteIfExists(temp);
				}
			}
			TreeHeadSigner signer = SigningKeys.signer(Files.readString(file, StandardCharsets.US_ASCII), random);
			Path publicFile = this.dir.resolve(PUBLIC_FILE);
			if (generated || !Files.exists(publicFile)) {
				write(publicFile, SigningKeys.publicPem(signer.algorithm(), signer.publicKey()));
			}
			return new Key(signer, generated);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or write the witness key " + file, ex);
		}
	}

	/** The saved state; a fresh one for {@code log} before the first run. */
	public Saved load(String log) {
		Path file = this.dir.resolve(STATE_FILE);
		if (!Files.exists(file)) {
			return new Saved(log, null, List.of());
		}
		try {
			JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
			HexFormat hex = HexFormat.of();
			Verified last = null;
			JsonNode verified = node.path("lastVerified");
			if (verified.isObject()) {
				byte[] signed = hex.parseHex(verified.path("signedBytes").asString());
				TreeHead head = TreeHead.fromSignedBytes(signed);
				last = new Verified(head.treeSize(), head.rootHash(), signed,
						Instant.parse(verified.path("verifiedAt").asString()));
			}
			List<SigningKeys.PublicKey> keys = new ArrayList<>();
			for (JsonNode key : node.path("logKeys")) {
				keys.add(new SigningKeys.PublicKey(
						SignatureAlgorithm.fromName(key.path("signatureAlgorithm").asString()),
						hex.parseHex(key.path("publicKey").asString())));
			}
			return new Saved(node.path("log").asString(), last, keys);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
		catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException ex) {
			throw new IllegalStateException(file + " is damaged (" + ex.getMessage() + "): restore it from a backup; "
					+ "deleting it makes the witness start over and trust the log's next head without history");
		}
	}

	/** Saves the state atomically (a temporary file moved over the old one). */
	public void save(Saved saved) {
		HexFormat hex = HexFormat.of();
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("version", 1);
		node.put("log", saved.log());
		Verified last = saved.last();
		if (last != null) {
			Map<String, Object> verified = new LinkedHashMap<>();
			verified.put("treeSize", last.treeSize());
			verified.put("rootHash", hex.formatHex(last.rootHash()));
			verified.put("signedBytes", hex.formatHex(last.signedBytes()));
			verified.put("verifiedAt", last.verifiedAt().toString());
			node.put("lastVerified", verified);
		}
		node.put("logKeys",
				saved.logKeys()
					.stream()
					.map((k) -> Map.of("signatureAlgorithm", k.algorithm().name(), "publicKey", hex.formatHex(k.key())))
					.toList());
		write(this.dir.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
	}

	/** The alarm that stopped the witness, if its operator has not cleared it. */
	public Optional<String> alarm() {
		Path file = this.dir.resolve(ALARM_FILE);
		try {
			return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/** Records an alarm: the witness refuses to run until the file is removed. */
	public void raise(String alarmJson) {
		write(this.dir.resolve(ALARM_FILE), alarmJson);
	}

	private void write(Path file, String content) {
		try {
			Path temp = Files.createTempFile(this.dir, "." + file.getFileName(), ".tmp");
			try {
				posix(temp, "rw-------");
				Files.writeString(temp, content, StandardCharsets.UTF_8);
				try {
					Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

	private static void posix(Path path, String permissions) throws IOException {
		try {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system (Windows): the folder's ACLs apply
		}
	}

}
