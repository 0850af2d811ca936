package com.veritrace.tenancy;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What an API key may do. Written on the wire in its lowercase form, e.g.
 * {@code events:write}.
 */
public enum Scope {

	READ("read"), EVENTS_WRITE("events:write"), PRODUCTS_WRITE("products:write"), CODES_ISSUE("codes:issue"),
	REPORTS_WRITE("reports:write"), GRANTS_MANAGE("grants:manage"), KEYS_MANAGE("keys:manage"),
	RECALLS_WRITE("recalls:write"), ALERTS_WRITE("alerts:write"), ADMIN("admin");

	private final String wire;

	Scope(String wire) {
		this.wire = wire;
	}

	public String wire() {
		return this.wire;
	}

	/**
	 * @throws IllegalArgumentException naming the valid scopes
	 */
	public static Scope fromWire(String text) {
		for (Scope scope : values()) {
			if (scope.wire.equals(text)) {
				return scope;
			}
		}
		throw new IllegalArgumentException("unknown scope '" + text + "'; valid scopes are " + allWire());
	}

	public static String allWire() {
		return Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.wire;
	}

}
