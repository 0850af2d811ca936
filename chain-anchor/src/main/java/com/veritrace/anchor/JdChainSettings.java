package com.veritrace.anchor;

/**
 * Settings of a {@link JdChainLedger}, in the forms JD Chain's own tools print them;
 * meant to be bound from {@code veritrace.anchor.jdchain.*}. Plain values: nothing here
 * needs the SDK.
 *
 * @param gatewayHost the JD Chain gateway's host
 * @param gatewayPort its HTTP port (the gateway's {@code http.port}, 8080 in JD's
 * samples)
 * @param secure HTTPS instead of HTTP
 * @param ledgerHash the ledger (base58, as {@code getLedgerHashs} lists it)
 * @param dataAccount the registered data account's address (base58)
 * @param publicKey the endpoint user's public key (base58, the {@code .pub} of JD's
 * keygen)
 * @param privateKey its private key, encrypted (base58, the {@code .priv} of JD's keygen)
 * @param privateKeyPassword the password of {@code privateKey} in JD's base58 form (the
 * {@code .pwd} of JD's keygen, i.e. {@code KeyGenUtils.encodePasswordAsBase58(password)})
 */
public record JdChainSettings(String gatewayHost, int gatewayPort, boolean secure, String ledgerHash,
		String dataAccount, String publicKey, String privateKey, String privateKeyPassword) {

	@Override
	public String toString() {
		// never the private key or its password
		return "JdChainSettings[gateway=" + (this.secure ? "https://" : "http://") + this.gatewayHost + ":"
				+ this.gatewayPort + ", ledger=" + this.ledgerHash + ", dataAccount=" + this.dataAccount + "]";
	}

}
