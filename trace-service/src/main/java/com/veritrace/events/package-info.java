/**
 * EPCIS events in the service: capture (with capture jobs), the event store, queries and item timelines.
 */
@NullMarked
package com.veritrace.events;

import org.jspecify.annotations.NullMarked;
