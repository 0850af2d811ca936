package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.CryptoProfile;
import com.veritrace.CryptoProfile.CryptoProfileException;
import com.veritrace.CryptoProperties;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The crypto profile decides the log's hash and its keys' algorithm (issue 16 item 6):
 * the log's beans built from the bound settings, with the key folder in a temporary
 * directory and the legacy key table in H2.
 */
class CryptoProfileKeysTests {

	@TempDir
	Path dir;

	private final JdbcTemplate jdbc = new JdbcTemplate(
			new DriverManagerDataSource("jdbc:h2:mem:profile-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));

	private final AnchorConfiguration configuration = new AnchorConfiguration();

	@BeforeEach
	void table() {
		this.jdbc.execute("CREATE TABLE anchor_key (name VARCHAR(32) PRIMARY KEY, secret VARBINARY(64) NOT NULL, "
				+ "created_ms BIGINT NOT NULL)");
		this.jdbc.execute("CREATE TABLE anchor_tree_head (tree_size BIGINT PRIMARY KEY, hash_algorithm VARCHAR(16))");
	}

	@Test
	void aLogMadeUnderOneProfileStopsStartUpUnderTheOther() {
		this.jdbc.update("INSERT INTO anchor_tree_head VALUES (7, 'SHA-256'), (12, 'SHA-256')");
		assertThat(this.configuration.anchorLogHasher(anchor(), crypto(CryptoProfile.STANDARD), this.jdbc).algorithm())
			.isEqualTo(HashAlgorithm.SHA_256);
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> this.configuration.anchorLogHasher(anchor(), crypto(CryptoProfile.SM), this.jdbc))
			.withMessageStartingWith("The transparency log in this database is hashed with SHA-256 (its newest tree "
					+ "head, size 12), but veritrace.crypto.profile=sm hashes it with SM3.");
		this.jdbc.update("DELETE FROM anchor_tree_head");
		this.jdbc.update("INSERT INTO anchor_tree_head VALUES (3, 'SM3')");
		assertThat(this.configuration.anchorLogHasher(anchor(), crypto(CryptoProfile.SM), this.jdbc).algorithm())
			.isEqualTo(HashAlgorithm.SM3);
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> this.configuration.anchorLogHasher(anchor(), crypto(CryptoProfile.STANDARD), this.jdbc))
			.withMessageContaining("hashed with SM3 (its newest tree head, size 3)");
	}

	@Test
	void theSmProfileHashesWithSm3AndGeneratesAnSm2Key() throws Exception {
		AnchorProperties properties = anchor();
		assertThat(this.configuration.anchorLogHasher(properties, crypto(CryptoProfile.SM), this.jdbc).algorithm())
			.isEqualTo(HashAlgorithm.SM3);
		AnchorKeys.Keyring keyring = keyring(properties, CryptoProfile.SM);
		assertThat(keyring.signer().algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		String pem = Files.readString(this.dir.resolve("keys/tree-head-signing.pem"));
		assertThat(SigningKeys.signer(pem, new SecureRandom()).publicKey()).isEqualTo(keyring.signer().publicKey());
	}

	@Test
	void theStandardProfileHashesWithSha256AndGeneratesAnEd25519Key() {
		AnchorProperties properties = anchor();
		assertThat(
				this.configuration.anchorLogHasher(properties, crypto(CryptoProfile.STANDARD), this.jdbc).algorithm())
			.isEqualTo(HashAlgorithm.SHA_256);
		assertThat(keyring(properties, CryptoProfile.STANDARD).signer().algorithm())
			.isEqualTo(SignatureAlgorithm.ED25519);
	}

	@Test
	void aHashAlgorithmSettingMayRepeatTheProfileButNotContradictIt() {
		assertThat(this.configuration
			.anchorLogHasher(anchor("veritrace.anchor.hash-algorithm", "sm3"), crypto(CryptoProfile.SM), this.jdbc)
			.algorithm()).isEqualTo(HashAlgorithm.SM3);
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> this.configuration.anchorLogHasher(anchor("veritrace.anchor.hash-algorithm", "SHA-256"),
					crypto(CryptoProfile.SM), this.jdbc))
			.withMessage("veritrace.anchor.hash-algorithm=SHA-256 contradicts veritrace.crypto.profile=sm, whose log "
					+ "hashes with SM3: remove veritrace.anchor.hash-algorithm (the profile decides), or set "
					+ "veritrace.crypto.profile=standard");
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> this.configuration.anchorLogHasher(anchor("veritrace.anchor.hash-algorithm", "SM3"),
					crypto(CryptoProfile.STANDARD), this.jdbc))
			.withMessageContaining("veritrace.anchor.hash-algorithm=SM3 contradicts veritrace.crypto.profile=standard")
			.withMessageEndingWith("or set veritrace.crypto.profile=sm");
	}

	@Test
	void theSmProfileRefusesTheHexEd25519SeedBeforeWritingAnyKey() {
		AnchorProperties properties = anchor("veritrace.anchor.signing-key", "11".repeat(32));
		assertThatExceptionOfType(CryptoProfileException.class).isThrownBy(() -> keyring(properties, CryptoProfile.SM))
			.withMessageStartingWith("veritrace.anchor.signing-key is a hex Ed25519 seed")
			.withMessageContaining("veritrace.anchor.keys.signing-key-file (openssl genpkey -algorithm SM2)");
		assertThat(this.dir.resolve("keys")).doesNotExist();
		// the standard profile signs with it
		assertThat(keyring(properties, CryptoProfile.STANDARD).signer().algorithm())
			.isEqualTo(SignatureAlgorithm.ED25519);
	}

	@Test
	void theSmProfileRefusesEd25519KeysItsOwnOrAWitnesss() throws Exception {
		Path ed25519 = Files.writeString(this.dir.resolve("ed25519.pem"),
				SigningKeys.generate(SignatureAlgorithm.ED25519, new SecureRandom()));
		assertThatExceptionOfType(CryptoProfileException.class).isThrownBy(
				() -> keyring(anchor("veritrace.anchor.keys.signing-key-file", ed25519.toString()), CryptoProfile.SM))
			.withMessage("The tree-head signing key (" + ed25519
					+ ") is an ED25519 key, but veritrace.crypto.profile=sm "
					+ "signs tree heads and cosignatures with SM2 only: give an SM2 key (openssl genpkey -algorithm "
					+ "SM2; docs/TRANSPARENCY.md, \"National-crypto profile\")");
		// a key folder the standard profile filled earlier
		keyring(anchor(), CryptoProfile.STANDARD);
		assertThatExceptionOfType(CryptoProfileException.class).isThrownBy(() -> keyring(anchor(), CryptoProfile.SM))
			.withMessageContaining("tree-head-signing.pem) is an ED25519 key");
		// an SM2 key file, and an Ed25519 witness
		Path sm2 = Files.writeString(this.dir.resolve("sm2.pem"),
				SigningKeys.generate(SignatureAlgorithm.SM2, new SecureRandom()));
		Path witness = Files.writeString(this.dir.resolve("witness.pub.pem"),
				SigningKeys.publicPem(SignatureAlgorithm.ED25519,
						SigningKeys.signer(Files.readString(ed25519), new SecureRandom()).publicKey()));
		AnchorProperties withWitness = anchor("veritrace.anchor.keys.signing-key-file", sm2.toString(),
				"veritrace.anchor.keys.witnesses[0].name", "Regulator X",
				"veritrace.anchor.keys.witnesses[0].public-key-file", witness.toString());
		assertThatExceptionOfType(CryptoProfileException.class).isThrownBy(() -> keyring(withWitness, CryptoProfile.SM))
			.withMessageStartingWith("Witness Regulator X's public key is an ED25519 key");
		assertThat(keyring(withWitness, CryptoProfile.STANDARD).witnesses()).hasSize(1);
	}

	private AnchorKeys.Keyring keyring(AnchorProperties properties, CryptoProfile profile) {
		return this.configuration.logKeyring(new AnchorKeys(this.jdbc, properties.keys()), properties, crypto(profile));
	}

	private static CryptoProperties crypto(CryptoProfile profile) {
		return new CryptoProperties(profile);
	}

	private AnchorProperties anchor(String... settings) {
		Map<String, String> map = new HashMap<>();
		map.put("veritrace.anchor.keys.dir", this.dir.resolve("keys").toString());
		for (int i = 0; i < settings.length; i += 2) {
			map.put(settings[i], settings[i + 1]);
		}
		return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("veritrace.anchor",
				AnchorProperties.class);
	}

}
