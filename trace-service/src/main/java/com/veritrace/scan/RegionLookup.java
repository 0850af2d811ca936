package com.veritrace.scan;

import org.jspecify.annotations.Nullable;

/**
 * Where a scan happened, coarsely: an ISO 3166-1 alpha-2 country ({@code CN}) or ISO
 * 3166-2 subdivision ({@code CN-31}) code, upper case. A port: the scan log asks it on
 * its writer thread, off the request path. Without another implementation only an edge's
 * place that already is such a code counts ({@link #EDGE_ONLY}).
 */
public interface RegionLookup {

	/**
	 * @param edgePlace the place a trusted edge (CDN, load balancer) named in its header,
	 * or null
	 * @param cell the phone's approximate area ({@code "31.2,121.5"}), or null
	 * @param address the client's network address (used here only; never stored), or null
	 * @return the region, or null when none can be told
	 */
	@Nullable String region(@Nullable String edgePlace, @Nullable String cell, @Nullable String address);

	/** An edge place that is a region code, upper-cased; nothing else. */
	RegionLookup EDGE_ONLY = (edgePlace, cell, address) -> regionCode(edgePlace);

	/**
	 * The text as a region code ({@code CN}, {@code CN-31}), or null when it is not one.
	 */
	static @Nullable String regionCode(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String code = text.strip().toUpperCase(java.util.Locale.ROOT);
		return code.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?") ? code : null;
	}

}
