package com.veritrace.ingest;

/**
 * EPCIS {@code action}: how the event relates to the lifecycle of the objects it names.
 */
public enum Action {

	ADD, OBSERVE, DELETE

}
