package com.veritrace.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Value canonicalisation rules of the hash. Expected values are what the reference
 * implementation's Python produces ({@code str(float(x))}, integral values via
 * {@code int}; {@code round(microseconds, -3)}, which rounds half to even).
 */
class PreHashBuilderTests {

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	@ParameterizedTest
	@CsvSource({ "26.0, 26", "26, 26", "0.100, 0.1", "+5, 5", "-0.0, 0", "1E3, 1000", "0.00001, 1e-05",
			"1.5e-7, 1.5e-07", "123.4560, 123.456", "0.0001, 0.0001", "-12.50, -12.5", "00123, 123" })
	void numbersLoseTrailingZerosAsPythonFloatsDo(String input, String expected) {
		assertThat(PreHashBuilder.number(input)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "2019-10-21, ", "4012345.ABC, ", "0x1A, ", "1.2.3, ", "NaN, ", "inf, " })
	void otherTextIsNotANumber(String input, String expected) {
		assertThat(PreHashBuilder.number(input)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "2023-02-02T12:04:03.1415+01:00, 2023-02-02T11:04:03.142Z",
			"2023-02-02T12:04:03.1405+01:00, 2023-02-02T11:04:03.140Z",
			"2023-02-02T12:04:03.1425+01:00, 2023-02-02T11:04:03.142Z",
			"2023-02-02T12:04:03.14151+01:00, 2023-02-02T11:04:03.142Z",
			"2023-02-02T12:04:03.1414999+01:00, 2023-02-02T11:04:03.141Z",
			"2005-04-04T20:33:31.116000-06:00, 2005-04-05T02:33:31.116Z",
			"2023-12-31T23:59:59.9996Z, 2024-01-01T00:00:00.000Z",
			"2020-03-04T11:00:30+01:00, 2020-03-04T10:00:30.000Z" })
	void timesBecomeUtcMillisecondsRoundedHalfEven(String input, String expected) {
		assertThat(PreHashBuilder.timestamp(input)).isEqualTo(expected);
	}

	private static final String EVENT = """
			{"@context": {"ex": "https://ns.example.com/epcis/"},
			 "type": "ObjectEvent", "eventTime": "2024-05-01T12:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
			 "eventID": "urn:uuid:0d0d0d0d-1111-4c4c-9c9c-0123456789ab", "recordTime": "2024-05-01T05:00:00Z",
			 "epcList": ["urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2017"],
			 "action": "OBSERVE", "bizStep": "shipping", "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
			 "errorDeclaration": {"declarationTime": "2024-05-02T00:00:00Z", "reason": "incorrect_data"},
			 "rdfs:comment": "not hashed", "ex:note": "hashed"}
			""";

	@Test
	void identityIsTheEventNotItsBookkeeping() {
		EpcisEvent event = this.parser.parse(EVENT).events().get(0);
		assertThat(this.hasher.preHash(event)).isEqualTo("eventType=ObjectEvent"
				+ "eventTime=2024-05-01T04:00:00.000ZeventTimeZoneOffset=+08:00"
				+ "epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018"
				+ "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping"
				+ "readPointid=https://id.gs1.org/414/0614141073467/254/1234{https://ns.example.com/epcis/}note=hashed");
		EpcisEvent bookkeepingChanged = this.parser
			.parse(EVENT.replace("0d0d0d0d", "1e1e1e1e").replace("05:00:00Z", "06:00:00Z").replace("not hashed", "x"))
			.events()
			.get(0);
		assertThat(this.hasher.hash(bookkeepingChanged)).isEqualTo(this.hasher.hash(event));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"2024-05-01T12:00:00.000+08:00"           | "2024-05-01T12:00:00.001+08:00"
			"eventTimeZoneOffset": "+08:00"            | "eventTimeZoneOffset": "+09:00"
			sgtin:0614141.107346.2018                  | sgtin:0614141.107346.2019
			"OBSERVE"                                  | "ADD"
			"shipping"                                 | "receiving"
			07346.1234                                 | 07346.1235
			"hashed"                                   | "hashed!"
			""")
	void anyChangeToWhatHappenedChangesTheHash(String original, String mutated) {
		assertThat(EVENT).contains(original);
		EventHash before = this.hasher.hash(this.parser.parse(EVENT).events().get(0));
		EventHash after = this.hasher.hash(this.parser.parse(EVENT.replace(original, mutated)).events().get(0));
		assertThat(after).isNotEqualTo(before);
	}

}
