package com.veritrace.ingest.connect;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a partner pushes on one stream. The name is the last segment of the partner's
 * topic ({@code <prefix>.<organisationId>.<name>}) and the path segment of {@code POST
 * /api/v1/ingest/{name}}.
 */
public enum IngestStream {

	/**
	 * An EPCIS 2.0 JSON-LD EPCISDocument or one bare event (the GS1 standard; any event
	 * type).
	 */
	EPCIS("epcis"),

	/**
	 * A warehouse management system's outbound (shipping) record; see
	 * {@link PartnerFormats}.
	 */
	WMS_OUTBOUND("wms-outbound"),

	/**
	 * A carrier's delivery record (proof of delivery or refusal); see
	 * {@link PartnerFormats}.
	 */
	CARRIER_DELIVERY("carrier-delivery");

	private final String streamName;

	IngestStream(String streamName) {
		this.streamName = streamName;
	}

	/** The name in topics and URLs. */
	public String streamName() {
		return this.streamName;
	}

	public static Optional<IngestStream> fromName(String name) {
		return Arrays.stream(values()).filter(s -> s.streamName.equals(name)).findFirst();
	}

}
