package com.veritrace.anchor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * Tree-head signing keys as files: private keys as PKCS#8 ({@code -----BEGIN PRIVATE
 * KEY-----}, what {@code openssl genpkey -algorithm ed25519} or {@code -algorithm SM2}
 * writes), public keys as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----},
 * what {@code openssl pkey -pubout} writes). Ed25519 (OID 1.3.101.112) and EC keys on the
 * SM2 curve (1.2.156.10197.1.301) are accepted; anything else is an
 * {@link IllegalArgumentException} naming what was found.
 */
public final class SigningKeys {

	private static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName("sm2p256v1");

	/** RFC 8410's id-Ed25519. */
	private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

	private SigningKeys() {
	}

	/** A public key: its algorithm and raw bytes as tree heads carry them. */
	public record PublicKey(SignatureAlgorithm algorithm, byte[] key) {
	}

	/** A fresh private key of {@code algorithm} as PKCS#8 PEM. */
	public static String generate(SignatureAlgorithm algorithm, SecureRandom random) {
		if (algorithm == SignatureAlgorithm.ED25519) {
			byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
			random.nextBytes(seed);
			return ed25519(seed);
		}
		BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, SM2_CURVE.getN().subtract(BigInteger.TWO),
				random);
		try {
			return pem("PRIVATE KEY",
					PrivateKeyInfoFactory.createPrivateKeyInfo(new ECPrivateKeyParameters(d, sm2Domain()))
						.getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot encode an SM2 private key", ex);
		}
	}

	/**
	 * An Ed25519 private key from its 32-byte seed, as PKCS#8 PEM (version 1, as RFC 8410
	 * section 7 and OpenSSL write it: the seed alone).
	 */
	public static String ed25519(byte[] seed) {
		if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
			throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
		}
		try {
			return pem("PRIVATE KEY",
					new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519), new DEROctetString(seed)).getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot encode an Ed25519 private key", ex);
		}
	}

	/**
	 * A signer from a PKCS#8 private key in PEM; {@code random} gives SM2's nonces.
	 * @throws IllegalArgumentException if it is not PEM, not PKCS#8 or not an Ed25519 or
	 * SM2 key
	 */
	public static TreeHeadSigner signer(String pem, SecureRandom random) {
		AsymmetricKeyParameter key;
		try {
			key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der(pem, "PRIVATE KEY")));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("not a PKCS#8 private key: " + ex.getMessage());
		}
		if (key instanceof Ed25519PrivateKeyParameters ed) {
			return TreeHeadSigner.ed25519(ed.getEncoded());
		}
		if (key instanceof ECPrivateKeyParameters ec && isSm2(ec.getParameters())) {
			return TreeHeadSigner.sm2(BigIntegers.asUnsignedByteArray(32, ec.getD()), random);
		}
		throw new IllegalArgumentException(
				"a tree-head signing key is Ed25519 or SM2, not " + key.getClass().getSimpleName());
	}

	/** A public key as X.509 SubjectPublicKeyInfo PEM. */
	public static String publicPem(SignatureAlgorithm algorithm, byte[] key) {
		AsymmetricKeyParameter parameters = switch (algorithm) {
			case ED25519 -> new Ed25519PublicKeyParameters(key, 0);
			case SM2 -> new ECPublicKeyParameters(SM2_CURVE.getCurve().decodePoint(key), sm2Domain());
		};
		try {
			return pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameters).getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot encode a " + algorithm + " public key", ex);
		}
	}

	/**
	 * A public key from X.509 SubjectPublicKeyInfo PEM.
	 * @throws IllegalArgumentException if it is not one, or not Ed25519 or SM2
	 */
	public static PublicKey publicKey(String pem) {
		AsymmetricKeyParameter key;
		try {
			key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der(pem, "PUBLIC KEY")));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("not an X.509 public key: " + ex.getMessage());
		}
		if (key instanceof Ed25519PublicKeyParameters ed) {
			return new PublicKey(SignatureAlgorithm.ED25519, ed.getEncoded());
		}
		if (key instanceof ECPublicKeyParameters ec && isSm2(ec.getParameters())) {
			return new PublicKey(SignatureAlgorithm.SM2, ec.getQ().getEncoded(false));
		}
		throw new IllegalArgumentException(
				"a tree-head public key is Ed25519 or SM2, not " + key.getClass().getSimpleName());
	}

	/**
	 * A key's id as the log and its witnesses name keys: the lowercase hex SHA-256 of its
	 * raw bytes.
	 */
	public static String keyId(byte[] publicKey) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(publicKey));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isSm2(org.bouncycastle.crypto.params.ECDomainParameters domain) {
		if (domain instanceof ECNamedDomainParameters named) {
			ASN1ObjectIdentifier curve = named.getName();
			return GMObjectIdentifiers.sm2p256v1.equals(curve);
		}
		return domain.getCurve().equals(SM2_CURVE.getCurve()) && domain.getG().equals(SM2_CURVE.getG());
	}

	private static ECNamedDomainParameters sm2Domain() {
		return new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, SM2_CURVE);
	}

	static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	static byte[] der(String pem, String type) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int from = pem.indexOf(begin);
		int to = pem.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("no " + begin + " … " + end + " block");
		}
		String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
		try {
			return Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the " + type + " block is not base64");
		}
	}

}
