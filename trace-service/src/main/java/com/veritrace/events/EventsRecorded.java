package com.veritrace.events;

/**
 * New events were stored: published in the storing transaction, once per batch with at
 * least one new event (duplicates do not count). Small on purpose (the registry keeps it
 * as JSON): listeners that need the rows read them; {@code lastRowId} is the highest
 * {@code trace_event} id written.
 *
 * @param stored how many events the batch stored
 * @param lastRowId the highest row id of the batch
 */
public record EventsRecorded(int stored, long lastRowId) {
}
