package com.veritrace.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Parsing the EPCIS query parameters into a typed query, and the criteria Java decides,
 * on GS1's example events.
 */
class EpcisQueryTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static EpcisQuery parse(String... pairs) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : pairs) {
			String[] kv = pair.split("=", 2);
			parameters.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
		}
		return EpcisQuery.parse(parameters);
	}

	static List<String> badFields(String... pairs) {
		InvalidException ex = catchThrowableOfType(InvalidException.class, () -> parse(pairs));
		assertThat(ex).as("refused").isNotNull();
		assertThat(ex.type()).isEqualTo("epcisException:QueryParameterException");
		return ex.errors().stream().map(FieldProblem::field).toList();
	}

	static JsonNode event(String sample, int index) throws Exception {
		return JSON.readTree(Files.readString(Path.of("src/test/resources/samples/epcis-gs1", sample)))
			.at("/epcisBody/eventList/" + index);
	}

	static boolean javaSays(EpcisQuery query, JsonNode event) {
		return query.criteria()
			.stream()
			.filter(c -> c instanceof EpcisQuery.JsonCriterion || c instanceof EpcisQuery.EpcMatch)
			.allMatch(c -> c.test(null, event));
	}

	@Test
	void standardParametersBecomeTypedCriteria() {
		EpcisQuery q = parse("eventType=ObjectEvent|AggregationEvent", "GE_eventTime=2026-01-01T00:00:00+08:00",
				"EQ_bizStep=shipping", "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2017", "orderBy=recordTime",
				"eventCountLimit=5");
		assertThat(q.criteria()).hasSize(4);
		assertThat(q.criteria().get(0)).isInstanceOf(EpcisQuery.ColumnIn.class);
		assertThat(((EpcisQuery.ColumnIn) q.criteria().get(0)).values())
			.containsExactly("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(q.criteria()).anySatisfy(c -> assertThat(c)
			.isEqualTo(new EpcisQuery.TimeBound(EpcisQuery.OrderField.EVENT_TIME, true, 1767196800000L)));
		assertThat(q.criteria()).anySatisfy(c -> assertThat(c)
			.isEqualTo(new EpcisQuery.EventTypes(java.util.Set.of("ObjectEvent", "AggregationEvent"))));
		assertThat(q.order()).isEqualTo(new EpcisQuery.Order(EpcisQuery.OrderField.RECORD_TIME, false));
		assertThat(q.eventCountLimit()).isEqualTo(5);
		assertThat(q.javaOnly()).isFalse();
		// the same parameters in another order are the same query (page tokens carry
		// its fingerprint)
		assertThat(parse("eventCountLimit=5", "orderBy=recordTime", "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2017",
				"EQ_bizStep=shipping", "GE_eventTime=2026-01-01T00:00:00+08:00",
				"eventType=ObjectEvent|AggregationEvent")
			.fingerprint()).isEqualTo(q.fingerprint());
		assertThat(parse("EQ_bizStep=receiving").fingerprint()).isNotEqualTo(q.fingerprint());
		// without orderBy: event time, ascending
		assertThat(parse().order()).isEqualTo(new EpcisQuery.Order(EpcisQuery.OrderField.EVENT_TIME, true));
	}

	@Test
	void everyBadParameterIsNamedInOneException() {
		assertThat(badFields("EQ_colour=red", "GE_eventTime=yesterday", "EQ_action=JUMP", "eventType=Not A Type",
				"GE_quantity=many", "EXISTS_errorDeclaration=perhaps", "MATCH_epc=urn:epc:idpat:sgtin:0614141.*.1",
				"maxEventCount=0", "orderBy=quantity"))
			.containsExactlyInAnyOrder("EQ_colour", "GE_eventTime", "EQ_action", "eventType", "GE_quantity",
					"EXISTS_errorDeclaration", "MATCH_epc", "maxEventCount", "orderBy");
		assertThat(badFields("eventCountLimit=1")).containsExactly("eventCountLimit");
		assertThat(badFields("eventCountLimit=1", "maxEventCount=1", "orderBy=eventTime"))
			.containsExactly("eventCountLimit");
		assertThat(badFields("orderDirection=ASC")).containsExactly("orderDirection");
		assertThat(badFields("GE_eventTime=2026-01-01T00:00:00Z|2026-02-01T00:00:00Z")).containsExactly("GE_eventTime");
		assertThat(badFields("EQ_bizStep=")).containsExactly("EQ_bizStep");
		assertThat(badFields("EQ_readPoint=not a uri")).containsExactly("EQ_readPoint");
	}

	@Test
	void sensorFiltersHoldOnOneReport() throws Exception {
		JsonNode e5 = event("WithSensorData/SensorDataExample5.jsonld", 0);
		assertThat(javaSays(parse("EQ_type=Temperature", "GE_value_CEL=26.5"), e5)).isTrue();
		assertThat(javaSays(parse("EQ_type=gs1:Temperature", "GE_value_CEL=26.6"), e5)).isFalse();
		assertThat(javaSays(parse("GE_value_FAH=0"), e5)).as("other unit").isFalse();
		assertThat(javaSays(parse("GE_time=2019-04-02T14:50:00+01:00", "LT_value_CEL=26.45"), e5)).isFalse();
		assertThat(javaSays(parse("GE_time=2019-04-02T14:50:00+01:00", "LT_value_CEL=26.55"), e5)).isTrue();
		assertThat(javaSays(parse("EQ_deviceID=urn:epc:id:giai:4000001.111"), e5)).isTrue();
		assertThat(javaSays(parse("EXISTS_sensorElementList"), e5)).isTrue();
		assertThat(javaSays(parse("EXISTS_sensorElementList"), event("Example_9.6.1-ObjectEvent.jsonld", 0))).isFalse();
	}

	@Test
	void errorDeclarationsTransactionsSourcesAndExtensions() throws Exception {
		JsonNode declared = event("WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld", 0);
		JsonNode corrective = event("WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld", 1);
		EpcisQuery reason = parse("EQ_errorReason=urn:epcglobal:cbv:er:incorrect_data",
				"GE_errorDeclarationTime=2020-01-15T00:00:00+01:00");
		assertThat(javaSays(reason, declared)).isTrue();
		assertThat(javaSays(reason, corrective)).isFalse();
		assertThat(javaSays(parse("EQ_ERROR_DECLARATION_example:vendorExtension=Test1"), declared)).isTrue();
		JsonNode typed = event("Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld", 0);
		assertThat(javaSays(parse("EQ_bizTransaction_po=http://transaction.acme.com/po/12345678"), typed)).isTrue();
		assertThat(javaSays(parse("EQ_bizTransaction_desadv=http://transaction.acme.com/po/12345678"), typed))
			.isFalse();
		assertThat(javaSays(parse("EQ_source_possessing_party=urn:epc:id:pgln:4000001.00012"), typed)).isTrue();
		assertThat(javaSays(parse("EQ_example:myField=Example of a vendor/user extension"), typed)).isTrue();
		assertThat(javaSays(parse("MATCH_epcClass=urn:epc:idpat:sgtin:4023333.002000.*"), typed)).isTrue();
		assertThat(javaSays(parse("MATCH_anyEPC=urn:epc:id:grai:4012345.55555.98765"), typed)).isTrue();
		assertThat(javaSays(parse("MATCH_epc=urn:epc:id:grai:4012345.55555.98765"), typed)).as("parent").isFalse();
		assertThat(javaSays(parse("EQ_quantity=4", "LT_quantity=5"), typed)).isTrue();
		assertThat(javaSays(parse("HASATTR_readPoint=urn:example:attr"), typed)).as("no master data").isFalse();
	}

}
