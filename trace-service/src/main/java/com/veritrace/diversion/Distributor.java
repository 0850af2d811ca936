package com.veritrace.diversion;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A brand's distributor: a partner organisation and/or locations (EPCIS location URIs)
 * its goods are shipped to, and the regions (ISO 3166 codes, canonical) where they may be
 * sold.
 */
public record Distributor(long id, long brandId, String name, @Nullable Long partnerId, @Nullable String partnerName,
		List<String> regions, List<String> locations, long updatedMs) {

	public Distributor {
		regions = List.copyOf(regions);
		locations = List.copyOf(locations);
	}

}
