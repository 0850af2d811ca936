package com.veritrace.events;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A named query's JSON definition as the query language's parameters. */
class EpcisNamedQueriesTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void stringsNumbersBooleansAndArraysAreParameterValues() {
		EpcisQuery query = EpcisNamedQueries.parse(JSON.readTree("{\"eventType\":[\"ObjectEvent\"],"
				+ "\"EQ_bizStep\":[\"receiving\",\"shipping\"],\"GE_eventTime\":\"2024-01-01T00:00:00Z\","
				+ "\"orderBy\":\"eventTime\",\"orderDirection\":\"ASC\",\"eventCountLimit\":100,"
				+ "\"EXISTS_errorDeclaration\":false}"));
		assertThat(query.eventCountLimit()).isEqualTo(100);
		// the same query as the URL's parameters: the same fingerprint
		assertThat(query.fingerprint()).isEqualTo(
				EpcisQuery
					.parse(java.util.Map.of("eventType", List.of("ObjectEvent"), "EQ_bizStep",
							List.of("receiving|shipping"), "GE_eventTime", List.of("2024-01-01T00:00:00Z"),
							"eventCountLimit", List.of("100"), "orderBy", List.of("eventTime"), "orderDirection",
							List.of("ASC"), "EXISTS_errorDeclaration", List.of("false")))
					.fingerprint());
	}

	@Test
	void everyBadParameterIsNamed() {
		assertThatThrownBy(() -> EpcisNamedQueries.parse(JSON.readTree("{\"GE_eventTime\":\"yesterday\","
				+ "\"eventType\":{\"a\":1},\"EQ_bizStep\":[{\"x\":1}],\"NO_such\":\"x\",\"perPage\":3}")))
			.isInstanceOfSatisfying(InvalidException.class, ex -> {
				assertThat(ex.type()).isEqualTo("epcisException:QueryParameterException");
				assertThat(ex.errors().stream().map(FieldProblem::field)).contains("GE_eventTime", "eventType",
						"EQ_bizStep", "NO_such", "perPage");
			});
	}

}
