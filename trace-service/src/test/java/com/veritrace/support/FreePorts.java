package com.veritrace.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test restarts. They are taken below the kernel's
 * ephemeral range: a port from that range, free when the server first starts, can be the
 * local end of a client's reconnect attempt (or the server's own connection to itself) by
 * the time the server starts again, which then fails with "Address already in use" (seen
 * with a private Kafka broker's controller port). Test only.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * The first of {@code count} consecutive ports that are free now and outside the
	 * ephemeral range.
	 */
	public static int below(int count) throws IOException {
		int ephemeralFrom = ephemeralFrom();
		int lowest = Math.max(10_000, ephemeralFrom - 12_000);
		for (int attempt = 0; attempt < 50; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(lowest, ephemeralFrom - count);
			if (free(first, count)) {
				return first;
			}
		}
		throw new IOException("no " + count + " free consecutive ports below " + ephemeralFrom);
	}

	private static boolean free(int first, int count) {
		for (int port = first; port < first + count; port++) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				// free
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

	private static int ephemeralFrom() {
		try {
			Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
			// readAllLines, not readString: procfs reports a size that cuts readString
			// short
			String first = Files.readAllLines(range).get(0).strip().split("\\s+")[0];
			int from = Integer.parseInt(first);
			return (from > 12_000) ? from : 32_768;
		}
		catch (IOException | RuntimeException ex) {
			return 32_768; // Linux's default
		}
	}

}
