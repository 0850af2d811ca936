package com.veritrace.events;

import org.jspecify.annotations.Nullable;

/**
 * Who holds a container (SSCC): the organisation that first packed into it, through the
 * aggregation API or an AggregationEvent. The issuance module provides it from its
 * container table: a port, so that this module reads no issuance table.
 */
public interface ContainerOwners {

	/** The organisation holding the SSCC, or null when nobody has packed into it yet. */
	@Nullable Long ownerOf(String sscc);

	/**
	 * Takes the SSCC for {@code organisationId} unless someone holds it already; answers
	 * who holds it now.
	 */
	long claim(String sscc, long organisationId);

}
