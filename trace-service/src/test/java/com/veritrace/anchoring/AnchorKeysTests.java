package com.veritrace.anchoring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The anchoring's keys live in files, never in the database (issue 16, item 5): a
 * database table {@code anchor_key} as earlier versions left it, in H2.
 */
class AnchorKeysTests {

	@TempDir
	Path dir;

	private final JdbcTemplate jdbc = new JdbcTemplate(
			new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));

	private final SecureRandom random = new SecureRandom();

	@BeforeEach
	void table() {
		this.jdbc.execute("CREATE TABLE anchor_key (name VARCHAR(32) PRIMARY KEY, secret VARBINARY(64) NOT NULL, "
				+ "created_ms BIGINT NOT NULL)");
	}

	private AnchorKeys keys(Path signingKeyFile, List<Path> retired) {
		return new AnchorKeys(this.jdbc,
				new AnchorProperties.Keys(this.dir.resolve("keys"), signingKeyFile, retired, List.of()));
	}

	@Test
	void generatesKeysOnceIntoTheFolderAndNothingIntoTheDatabase() throws Exception {
		AnchorKeys.Keyring ring = keys(null, List.of()).keyring(null, SignatureAlgorithm.ED25519);
		byte[] mac = keys(null, List.of()).secret(AnchorKeys.ROW_MAC, null, 32);
		Path pem = this.dir.resolve("keys/tree-head-signing.pem");
		Path macFile = this.dir.resolve("keys/row-mac.key");
		assertThat(Files.readString(pem)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(HexFormat.of().parseHex(Files.readString(macFile).strip())).isEqualTo(mac);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(macFile))).isEqualTo("rw-------");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_key", Integer.class)).isZero();
		// a restart (or a second node sharing the folder) reads the same keys
		assertThat(keys(null, List.of()).keyring(null, SignatureAlgorithm.ED25519).signer().publicKey())
			.isEqualTo(ring.signer().publicKey());
		assertThat(keys(null, List.of()).secret(AnchorKeys.ROW_MAC, null, 32)).isEqualTo(mac);
		assertThat(keys(null, List.of()).secret(AnchorKeys.LEDGER, null, 32)).isNotEqualTo(mac).hasSize(32);
		assertThat(Files.list(this.dir.resolve("keys")).map((p) -> p.getFileName().toString()))
			.containsExactlyInAnyOrder("tree-head-signing.pem", "row-mac.key", "embedded-ledger.key");
	}

	@Test
	void movesTheKeysAnEarlierVersionKeptInTheDatabaseAndDeletesThem() {
		byte[] seed = new byte[32];
		byte[] mac = new byte[32];
		this.random.nextBytes(seed);
		this.random.nextBytes(mac);
		this.jdbc.update("INSERT INTO anchor_key VALUES (?, ?, 1)", AnchorKeys.SIGNING, seed);
		this.jdbc.update("INSERT INTO anchor_key VALUES (?, ?, 1)", AnchorKeys.ROW_MAC, mac);
		this.jdbc.update("INSERT INTO anchor_key VALUES ('evm:31337:0xabc', ?, 1)", (Object) "0xdef".getBytes());
		AnchorKeys keys = keys(null, List.of());
		// the same keys as before, so earlier tree heads and row MACs still verify
		assertThat(keys.keyring(null, SignatureAlgorithm.ED25519).signer().publicKey())
			.isEqualTo(TreeHeadSigner.ed25519(seed).publicKey());
		assertThat(keys.secret(AnchorKeys.ROW_MAC, null, 32)).isEqualTo(mac);
		// gone from the table; the contract address (not a secret) stays
		assertThat(this.jdbc.queryForList("SELECT name FROM anchor_key", String.class))
			.containsExactly("evm:31337:0xabc");
		assertThat(keys(null, List.of()).secret(AnchorKeys.ROW_MAC, null, 32)).isEqualTo(mac);
	}

	@Test
	void aConfiguredKeyFileSignsAndRetiredPublicKeysStayTrusted() throws Exception {
		Path sm2 = Files.writeString(this.dir.resolve("sm2.pem"),
				SigningKeys.generate(SignatureAlgorithm.SM2, this.random));
		TreeHeadSigner old = SigningKeys.signer(SigningKeys.generate(SignatureAlgorithm.ED25519, this.random),
				this.random);
		Path retired = Files.writeString(this.dir.resolve("old.pub.pem"),
				SigningKeys.publicPem(SignatureAlgorithm.ED25519, old.publicKey()));
		AnchorKeys.Keyring ring = keys(sm2, List.of(retired)).keyring(null, SignatureAlgorithm.ED25519);
		assertThat(ring.signer().algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThat(ring.signer().publicKey())
			.isEqualTo(SigningKeys.signer(Files.readString(sm2), this.random).publicKey());
		assertThat(ring.all()).extracting(SigningKeys.PublicKey::algorithm)
			.containsExactly(SignatureAlgorithm.SM2, SignatureAlgorithm.ED25519);
		assertThat(ring.trusted(old.publicKey())).isPresent();
		assertThat(ring.isCurrent(old.publicKey())).isFalse();
		assertThat(ring.isCurrent(ring.signer().publicKey())).isTrue();
		assertThat(ring.trusted(TreeHeadSigner.generate(this.random).publicKey())).isEmpty();
		// nothing generated when the key is configured
		assertThat(this.dir.resolve("keys/tree-head-signing.pem")).doesNotExist();
	}

	@Test
	void aConfiguredHexKeyWinsOverFiles() {
		String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
		assertThat(HexFormat.of()
			.formatHex(keys(null, List.of()).keyring(seed, SignatureAlgorithm.ED25519).signer().publicKey()))
			.isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
		assertThat(keys(null, List.of()).secret(AnchorKeys.ROW_MAC, seed, 32)).isEqualTo(HexFormat.of().parseHex(seed));
		assertThat(this.dir.resolve("keys")).doesNotExist();
	}

	@Test
	void badKeysStopTheStartWithTheFileNamed() throws Exception {
		assertThatIllegalStateException()
			.isThrownBy(() -> keys(null, List.of()).keyring("zz", SignatureAlgorithm.ED25519))
			.withMessageContaining("not hex");
		assertThatIllegalStateException().isThrownBy(() -> keys(null, List.of()).secret(AnchorKeys.ROW_MAC, "abcd", 32))
			.withMessageContaining("must have 32 bytes, not 2");
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(1024);
		Path rsaFile = Files.writeString(this.dir.resolve("rsa.pem"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
		assertThatIllegalStateException()
			.isThrownBy(() -> keys(rsaFile, List.of()).keyring(null, SignatureAlgorithm.ED25519))
			.withMessageContaining(rsaFile.toString())
			.withMessageContaining("Ed25519 or SM2");
		Path garbage = Files.writeString(this.dir.resolve("garbage.pub.pem"), "hello", StandardCharsets.US_ASCII);
		assertThatIllegalStateException()
			.isThrownBy(() -> keys(null, List.of(garbage)).keyring(null, SignatureAlgorithm.ED25519))
			.withMessageContaining("retired public key file " + garbage);
	}

}
