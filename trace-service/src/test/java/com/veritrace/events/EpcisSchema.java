package com.veritrace.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * GS1's EPCIS 2.0 JSON Schema (the inlined one, {@code src/test/resources/standards/}),
 * draft-07, with format assertions (date-time, uri) on.
 */
public final class EpcisSchema {

	private static final Schema SCHEMA = load();

	private EpcisSchema() {
	}

	/** What is wrong with a document, as the validator says it; empty when valid. */
	public static List<String> problems(JsonNode document) {
		return SCHEMA
			.validate(document, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
			.stream()
			.map(e -> e.getInstanceLocation() + ": " + e.getMessage())
			.toList();
	}

	private static Schema load() {
		try {
			String text = Files.readString(Path.of("src/test/resources/standards/EPCIS-JSON-Schema.json"));
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
				.getSchema(text, com.networknt.schema.InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
