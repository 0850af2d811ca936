package com.veritrace.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bizStep query filter is normalised to the form ingest stores (ingest-connectors'
 * CBV vocabulary).
 */
class EventQueryServiceTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			shipping                                        | https://ref.gs1.org/cbv/BizStep-shipping
			'  retail_selling '                             | https://ref.gs1.org/cbv/BizStep-retail_selling
			urn:epcglobal:cbv:bizstep:receiving             | https://ref.gs1.org/cbv/BizStep-receiving
			cbv:BizStep-packing                             | https://ref.gs1.org/cbv/BizStep-packing
			https://ref.gs1.org/cbv/BizStep-arriving        | https://ref.gs1.org/cbv/BizStep-arriving
			http://epcis.example.com/user/vocab/bizstep/x   | http://epcis.example.com/user/vocab/bizstep/x
			""")
	void bizStepFiltersTakeTheStoredForm(String filter, String stored) {
		assertThat(EventQueryService.bizStep(filter)).isEqualTo(stored);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "  " })
	void noBizStepFilterWhenBlank(String filter) {
		assertThat(EventQueryService.bizStep(filter)).isNull();
	}

}
