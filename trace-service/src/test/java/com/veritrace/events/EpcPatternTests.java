package com.veritrace.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * EPC matching of EPCIS 2.0 section 8.2.7.1.1: identifiers in URN and Digital Link form,
 * ID patterns, trailing wildcards, classes.
 */
class EpcPatternTests {

	// GS1's example SGTIN urn:epc:id:sgtin:0614141.107346.2017 is GTIN 10614141073464
	static final String SGTIN = "urn:epc:id:sgtin:0614141.107346.2017";

	static final String SGTIN_DL = "https://id.gs1.org/01/10614141073464/21/2017";

	static String key(String uri) {
		return EpcKeys.key(uri);
	}

	@Test
	void anEpcMatchesItselfInUrnAndDigitalLinkForm() {
		assertThat(EpcPattern.instance(SGTIN).matches(key(SGTIN_DL))).isTrue();
		assertThat(EpcPattern.instance(SGTIN_DL).matches(key(SGTIN))).isTrue();
		// a Digital Link on another domain is the same identifier
		assertThat(EpcPattern.instance("https://example.com/01/10614141073464/21/2017").matches(key(SGTIN))).isTrue();
		assertThat(EpcPattern.instance(SGTIN).matches(key("urn:epc:id:sgtin:0614141.107346.2018"))).isFalse();
		assertThat(EpcPattern.instance(SGTIN).exact()).isEqualTo(SGTIN_DL);
	}

	@Test
	void anIdPatternWithItemReferenceMatchesEverySerialOfThatGtinOnly() {
		EpcPattern p = EpcPattern.instance("urn:epc:idpat:sgtin:0614141.107346.*");
		assertThat(p.matches(key(SGTIN))).isTrue();
		assertThat(p.matches(key("https://id.gs1.org/01/10614141073464/21/ABC"))).isTrue();
		assertThat(p.matches(key("urn:epc:id:sgtin:0614141.107347.2017"))).isFalse();
		assertThat(p.like()).isEqualTo("https://id.gs1.org/01/10614141073464/21/%");
	}

	@Test
	void anIdPatternWithOnlyTheCompanyPrefixMatchesEveryItemOfTheCompany() {
		EpcPattern p = EpcPattern.instance("urn:epc:idpat:sgtin:0614141.*.*");
		assertThat(p.matches(key(SGTIN))).isTrue();
		assertThat(p.matches(key("urn:epc:id:sgtin:0614141.012345.X"))).isTrue();
		assertThat(p.matches(key("urn:epc:id:sgtin:0614142.107346.2017"))).isFalse();
		// an SSCC of the company is no SGTIN
		assertThat(p.matches(key("urn:epc:id:sscc:0614141.1234567890"))).isFalse();
		EpcPattern all = EpcPattern.instance("urn:epc:idpat:sgtin:*.*.*");
		assertThat(all.matches(key(SGTIN))).isTrue();
		assertThat(all.matches(key("urn:epc:id:sscc:0614141.1234567890"))).isFalse();
	}

	@Test
	void ssccSglnGraiAndGiaiPatterns() {
		assertThat(
				EpcPattern.instance("urn:epc:idpat:sscc:0614141.*").matches(key("urn:epc:id:sscc:0614141.1234567890")))
			.isTrue();
		assertThat(
				EpcPattern.instance("urn:epc:idpat:sscc:0614142.*").matches(key("urn:epc:id:sscc:0614141.1234567890")))
			.isFalse();
		EpcPattern sgln = EpcPattern.instance("urn:epc:idpat:sgln:0614141.07346.*");
		assertThat(sgln.matches(key("urn:epc:id:sgln:0614141.07346.1234"))).isTrue();
		assertThat(sgln.matches(key("urn:epc:id:sgln:0614141.07346.0"))).isTrue();
		assertThat(sgln.matches(key("urn:epc:id:sgln:0614141.07347.0"))).isFalse();
		assertThat(EpcPattern.instance("urn:epc:idpat:grai:0614141.12345.*")
			.matches(key("urn:epc:id:grai:0614141.12345.400"))).isTrue();
		assertThat(EpcPattern.instance("urn:epc:idpat:giai:0614141.*").matches(key("urn:epc:id:giai:0614141.32a%2Fb")))
			.isTrue();
	}

	@Test
	void aDigitalLinkEndingInAStarMatchesAnyValueOfItsLastComponent() {
		EpcPattern p = EpcPattern.instance("https://id.gs1.org/01/10614141073464/21/*");
		assertThat(p.matches(key(SGTIN))).isTrue();
		assertThat(p.matches(key("urn:epc:id:sgtin:0614141.107347.2017"))).isFalse();
	}

	@Test
	void classesMatchTheGtinAndItsLots() {
		String lot = "urn:epc:class:lgtin:4012345.012345.998877";
		assertThat(EpcPattern.epcClass(lot).matches(key("https://id.gs1.org/01/04012345123456/10/998877"))).isTrue();
		EpcPattern gtin = EpcPattern.epcClass("urn:epc:idpat:sgtin:4012345.012345.*");
		assertThat(gtin.matches(key(lot))).isTrue();
		assertThat(gtin.matches(key("urn:epc:idpat:sgtin:4012345.012345.*"))).isTrue();
		assertThat(gtin.matches(key("urn:epc:class:lgtin:4012345.012346.998877"))).isFalse();
		assertThat(EpcPattern.epcClass("https://id.gs1.org/01/04012345123456").matches(key(lot))).isTrue();
		assertThat(EpcPattern.epcClass(lot).matches(key("urn:epc:class:lgtin:4012345.012345.1"))).isFalse();
	}

	@Test
	void malformedPatternsAreRefusedWithAReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> EpcPattern.instance("urn:epc:idpat:sgtin:0614141.*.2017"))
			.withMessageContaining("after a '*'");
		assertThatIllegalArgumentException().isThrownBy(() -> EpcPattern.instance("urn:epc:idpat:gid:1.2.*"))
			.withMessageContaining("not supported");
		assertThatIllegalArgumentException().isThrownBy(() -> EpcPattern.instance("urn:epc:idpat:sgtin:0614141.107346"))
			.withMessageContaining("3 fields");
		assertThatIllegalArgumentException().isThrownBy(() -> EpcPattern.instance("https://id.gs1.org/01/*/21/1"))
			.withMessageContaining("'*' may only end");
		assertThatIllegalArgumentException().isThrownBy(() -> EpcPattern.instance(" "));
	}

	@Test
	void likePatternsEscapeSqlWildcards() {
		assertThat(EpcPattern.escape("a_b%c!d")).isEqualTo("a!_b!%c!!d");
		EpcPattern p = EpcPattern.instance("urn:example:item_1*");
		assertThat(p.like()).isEqualTo("urn:example:item!_1%");
		assertThat(p.matches("urn:example:item_12")).isTrue();
		assertThat(p.matches("urn:example:itemX12")).isFalse();
	}

}
