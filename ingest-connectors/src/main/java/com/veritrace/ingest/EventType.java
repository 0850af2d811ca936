package com.veritrace.ingest;

import java.util.Optional;

/** The five EPCIS 2.0 event types; the enum name is the JSON-LD {@code type} value. */
public enum EventType {

	ObjectEvent, AggregationEvent, TransformationEvent, TransactionEvent, AssociationEvent;

	public static Optional<EventType> of(String type) {
		for (EventType t : values()) {
			if (t.name().equals(type)) {
				return Optional.of(t);
			}
		}
		return Optional.empty();
	}

}
