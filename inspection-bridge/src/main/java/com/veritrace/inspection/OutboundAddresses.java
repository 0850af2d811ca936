package com.veritrace.inspection;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which hosts an outbound call may reach. By default only public unicast addresses: a
 * host that resolves to a loopback, private (RFC 1918, RFC 6598 shared, IPv6
 * unique-local), link-local (cloud metadata services), unspecified or multicast address
 * is refused before any byte is sent, so a URL that a partner or user gives us cannot
 * make the service call into its own network. The operator may allow private networks for
 * one connection (a lab system inside the company network; the tests' WireMock on
 * loopback).
 * <p>
 * The name is resolved here and again by the HTTP client when it connects: a DNS answer
 * that changes in between (DNS rebinding) is not caught; docs/SECURITY.md says so.
 * <p>
 * {@link #isPublic} is the service's one address policy: the webhook client of
 * notifications (trace-service) applies it too, to the addresses it connects to.
 */
public final class OutboundAddresses {

	private OutboundAddresses() {
	}

	/**
	 * Throws {@link LabConnectorException} (not retryable) if {@code uri} may not be
	 * called.
	 */
	static void check(URI uri, boolean allowPrivateNetwork) {
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw refused(uri, "only http and https are called");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw refused(uri, "it names no host");
		}
		if (uri.getUserInfo() != null) {
			throw refused(uri, "it carries user information");
		}
		if (allowPrivateNetwork) {
			return;
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new LabConnectorException("cannot resolve " + host, true, 0, ex);
		}
		for (InetAddress address : addresses) {
			if (!isPublic(address)) {
				throw refused(uri, host + " resolves to the non-public address " + address.getHostAddress()
						+ " (allow-private-network is off)");
			}
		}
	}

	/**
	 * A public unicast address: not loopback, private, shared, link-local, unspecified or
	 * multicast.
	 */
	public static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first != 0 // "this network"
					&& !(first == 100 && second >= 64 && second < 128) // RFC 6598 shared
																		// address space
					&& !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF
																			// protocol
																			// assignments
					&& !(first == 198 && (second == 18 || second == 19)) // benchmarking
					&& first < 240; // reserved and broadcast
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
				return false;
			}
			if (isIpv4Mapped(b)) {
				byte[] v4 = { b[12], b[13], b[14], b[15] };
				try {
					return isPublic(InetAddress.getByAddress(v4));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
			return true;
		}
		return false;
	}

	private static boolean isIpv4Mapped(byte[] b) {
		for (int i = 0; i < 10; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
	}

	private static LabConnectorException refused(URI uri, String why) {
		return new LabConnectorException(
				"refused to call " + uri.getScheme() + "://" + uri.getRawAuthority() + ": " + why, false, 0, null);
	}

}
