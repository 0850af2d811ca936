package com.veritrace.anchoring;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LedgerKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code veritrace.anchor.*}: the Merkle log over stored events, batching, the ledger and
 * the integrity job. Secrets ({@code signing-key}, {@code row-mac-key},
 * {@code evm.private-key}, {@code jdchain.private-key} and
 * {@code jdchain.private-key-password}) are never logged, and {@code toString()} of these
 * records masks them; when a key is not configured the embedded default generates one and
 * keeps it in a file of the key folder ({@code keys.dir}), never in the database.
 *
 * @param leader whether this process may be the anchor leader (one at a time holds a
 * lease); only on a node with the {@code anchor} role ({@code veritrace.roles})
 * @param ledger {@code embedded} (database block log), {@code evm} or {@code jdchain}
 * (settings in {@code evm.*} and {@code jdchain.*}); any other value fails start-up,
 * naming the accepted ones
 * @param hashAlgorithm the log's hash ({@code SHA-256} or {@code SM3}; also written
 * {@code SHA_256}, any case); unset, the crypto profile's
 * ({@code veritrace.crypto.profile}, {@code com.veritrace.CryptoProfile}), which a value
 * here may repeat but not contradict
 * @param signingKey hex Ed25519 seed (32 bytes) signing tree heads (the standard crypto
 * profile only)
 * @param rowMacKey hex key (32 bytes) of the per-row MAC on {@code trace_event}
 * @param keys key files: the signing key as PKCS#8, earlier signing keys' public keys,
 * and the folder of generated keys
 * @param proofs serving inclusion proofs
 */
@Validated
@ConfigurationProperties("veritrace.anchor")
public record AnchorProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean leader,
		@DefaultValue("embedded") @NotNull LedgerKind ledger, @Nullable HashAlgorithm hashAlgorithm,
		@Nullable String signingKey, @Nullable String rowMacKey, @DefaultValue Batch batch, @DefaultValue Poll poll,
		@DefaultValue Lease lease, @DefaultValue Evm evm, @DefaultValue JdChain jdchain,
		@DefaultValue Integrity integrity, @DefaultValue Keys keys, @DefaultValue Proofs proofs) {

	@Override
	public String toString() {
		// never the signing or row MAC key
		return "AnchorProperties[enabled=" + this.enabled + ", leader=" + this.leader + ", ledger=" + this.ledger
				+ ", hashAlgorithm=" + this.hashAlgorithm + ", signingKey=" + masked(this.signingKey) + ", rowMacKey="
				+ masked(this.rowMacKey) + ", batch=" + this.batch + ", poll=" + this.poll + ", lease=" + this.lease
				+ ", evm=" + this.evm + ", jdchain=" + this.jdchain + ", integrity=" + this.integrity + ", keys="
				+ this.keys + ", proofs=" + this.proofs + "]";
	}

	/**
	 * A secret setting as {@code toString()} shows it: whether it is set, never its
	 * value.
	 */
	static String masked(@Nullable String secret) {
		return (secret == null || secret.isBlank()) ? "(not set)" : "(set)";
	}

	/** A URI without its user info (a password may be written there). */
	static String withoutUserInfo(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri.toString();
		}
		return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
	}

	/**
	 * A batch is sealed when {@code maxLeaves} events wait or the oldest has waited
	 * {@code maxDelay}.
	 */
	public record Batch(@DefaultValue("10000") @Min(1) int maxLeaves, @DefaultValue("2s") @NotNull Duration maxDelay,
			@DefaultValue("2s") @NotNull Duration retryDelay) {
	}

	/**
	 * The leader's poll of {@code trace_event}: every {@code interval}; rows are looked
	 * for back to the newest row already in the log {@code lookback} ago (a writer's
	 * transaction must commit within it), and the whole table is swept at leader start
	 * and every {@code fullSweep}.
	 */
	public record Poll(@DefaultValue("250ms") @NotNull Duration interval,
			@DefaultValue("5m") @NotNull Duration lookback, @DefaultValue("1h") @NotNull Duration fullSweep,
			@DefaultValue("5000") @Min(1) int pageSize, @DefaultValue("2s") @NotNull Duration idleInterval) {
	}

	/** The anchor leader's lease in {@code anchor_state}. */
	public record Lease(@DefaultValue("15s") @NotNull Duration duration) {
	}

	/**
	 * The {@code evm} ledger; without a contract address one is deployed (development).
	 */
	public record Evm(@DefaultValue("http://127.0.0.1:8545") @NotNull URI rpcUrl, @DefaultValue("31337") long chainId,
			@Nullable String contractAddress, @Nullable String privateKey,
			@DefaultValue("200000") @NotNull BigInteger gasLimit, @Nullable BigInteger gasPrice,
			@DefaultValue("50ms") @NotNull Duration pollInterval,
			@DefaultValue("60s") @NotNull Duration receiptTimeout) {

		@Override
		public String toString() {
			// never the private key
			return "Evm[rpcUrl=" + withoutUserInfo(this.rpcUrl) + ", chainId=" + this.chainId + ", contractAddress="
					+ this.contractAddress + ", privateKey=" + masked(this.privateKey) + ", gasLimit=" + this.gasLimit
					+ ", gasPrice=" + this.gasPrice + ", pollInterval=" + this.pollInterval + ", receiptTimeout="
					+ this.receiptTimeout + "]";
		}

	}

	/**
	 * The {@code jdchain} ledger: a JD Chain gateway, the ledger and registered data
	 * account the roots are written to, and the endpoint key pair that may write it, in
	 * the base58 forms JD Chain's keygen prints ({@code .pub}, {@code .priv},
	 * {@code .pwd}). The gateway is contacted on the first anchor, not at start. Needs
	 * the JD Chain SDK on the classpath (build with -Pjdchain).
	 */
	public record JdChain(@Nullable String gatewayHost, @DefaultValue("8080") int gatewayPort,
			@DefaultValue("false") boolean secure, @Nullable String ledgerHash, @Nullable String dataAccount,
			@Nullable String publicKey, @Nullable String privateKey, @Nullable String privateKeyPassword) {

		@Override
		public String toString() {
			return "JdChain[gateway=" + this.gatewayHost + ":" + this.gatewayPort + ", ledgerHash=" + this.ledgerHash
					+ ", dataAccount=" + this.dataAccount + "]";
		}

	}

	/**
	 * The tamper-detection job: every {@code interval}, first after {@code initialDelay}.
	 */
	public record Integrity(@DefaultValue("true") boolean scheduled, @DefaultValue("1h") @NotNull Duration interval,
			@DefaultValue("2m") @NotNull Duration initialDelay, @DefaultValue("10m") @NotNull Duration unanchoredAfter,
			@DefaultValue("1000") int maxFindings) {
	}

	/**
	 * Serving inclusion proofs.
	 *
	 * @param cacheEntries how many computed audit paths each node keeps in memory (by
	 * leaf, tree size and root: they never change), the least recently used dropped
	 * first; ~0.9 KB each at 10^7 leaves (10,000: ~9 MB); 0 computes every proof from the
	 * database
	 */
	public record Proofs(@DefaultValue("10000") @Min(0) int cacheEntries) {
	}

	/**
	 * Key files (docs/TRANSPARENCY.md, "Keys and their rotation").
	 *
	 * @param dir where keys that are not configured are generated at first start (the
	 * embedded default), owner-only files
	 * @param signingKeyFile the tree-head signing key, PKCS#8 PEM (Ed25519 or SM2), used
	 * when {@code signing-key} is not set
	 * @param retiredPublicKeys X.509 PEM public keys of keys that signed earlier tree
	 * heads: still trusted for verification and published, never used to sign
	 * @param witnesses the witnesses whose cosignatures are accepted
	 */
	public record Keys(@DefaultValue("./data/keys") @NotNull Path dir, @Nullable Path signingKeyFile,
			@DefaultValue List<Path> retiredPublicKeys, @DefaultValue List<Witness> witnesses) {
	}

	/**
	 * A witness whose cosignatures the log accepts, stores and serves with its tree heads
	 * (docs/TRANSPARENCY.md, "Witnesses").
	 *
	 * @param name who runs it, as the scan page names it ("Market regulator of X")
	 * @param publicKeyFile its public key, X.509 PEM (Ed25519 or SM2), as
	 * {@code veritrace-witness} prints it at first start
	 */
	public record Witness(@NotNull String name, @NotNull Path publicKeyFile) {
	}

}
