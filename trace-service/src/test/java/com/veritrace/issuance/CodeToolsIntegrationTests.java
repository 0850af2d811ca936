package com.veritrace.issuance;

import org.junit.jupiter.api.Test;

import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The public code tools, without a key, through the real security chain. */
@MariaDbIntegrationTest
class CodeToolsIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Test
	void aDigitalLinkIsTakenApartIntoKeyQualifiersAttributesAndElementString() throws Exception {
		this.mvc
			.perform(get("/api/v1/digital-link").param("uri",
					"https://example.com/some/stem/01/09520123456788/10/ABC%2F1/21/12345?17=281231&foo=bar"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.stem").value("https://example.com/some/stem"))
			.andExpect(jsonPath("$.primaryKey.ai").value("01"))
			.andExpect(jsonPath("$.primaryKey.value").value("09520123456788"))
			.andExpect(jsonPath("$.qualifiers[0].ai").value("10"))
			.andExpect(jsonPath("$.qualifiers[0].value").value("ABC/1"))
			.andExpect(jsonPath("$.qualifiers[1].ai").value("21"))
			.andExpect(jsonPath("$.attributes[0].ai").value("17"))
			.andExpect(jsonPath("$.attributes[0].value").value("281231"))
			.andExpect(jsonPath("$.otherParameters.foo").value("bar"))
			.andExpect(jsonPath("$.elementString").value("^010952012345678810ABC/1^2112345^17281231"));
	}

	@Test
	void anInvalidDigitalLinkGetsTheExactReason() throws Exception {
		this.mvc.perform(get("/api/v1/digital-link").param("uri", "https://id.gs1.org/01/09520123456789/21/12345"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/invalid-code"))
			.andExpect(jsonPath("$.detail").value(containsString("check digit")));
		// strict by default: qualifiers out of order are refused, lenient reading is
		// asked for explicitly
		this.mvc.perform(get("/api/v1/digital-link").param("uri", "https://id.gs1.org/01/09520123456788/21/1/10/A"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/invalid-code"));
		this.mvc
			.perform(get("/api/v1/digital-link").param("uri", "https://id.gs1.org/gtin/9520123456788/ser/1")
				.param("mode", "lenient"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.primaryKey.value").value("09520123456788"));
		this.mvc
			.perform(get("/api/v1/digital-link").param("uri", "https://id.gs1.org/01/09520123456788")
				.param("mode", "loose"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("mode"));
	}

	@Test
	void sgtin96DecodesAndEncodesTheTagDataStandardsExample() throws Exception {
		// TDS 2.1 section 14.5.1 example: urn:epc:tag:sgtin-96:3.0614141.812345.6789 =
		// 3074257BF7194E4000001A85
		this.mvc.perform(get("/api/v1/rfid/sgtin-96/3074257BF7194E4000001A85"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pureIdentityUri").value("urn:epc:id:sgtin:0614141.812345.6789"))
			.andExpect(jsonPath("$.tagUri").value("urn:epc:tag:sgtin-96:3.0614141.812345.6789"))
			.andExpect(jsonPath("$.gtin").value("80614141123458"))
			.andExpect(jsonPath("$.serial").value("6789"))
			.andExpect(jsonPath("$.filter").value(3));
		this.mvc
			.perform(post("/api/v1/rfid/sgtin-96").contentType(MediaType.APPLICATION_JSON)
				.content("{\"tagUri\":\"urn:epc:tag:sgtin-96:3.0614141.812345.6789\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.hex").value("3074257BF7194E4000001A85"));
		this.mvc
			.perform(post("/api/v1/rfid/sgtin-96").contentType(MediaType.APPLICATION_JSON)
				.content("{\"tagUri\":\"urn:epc:tag:sgtin-96:3.0614141.812345.06789\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("leading zeros")));
		this.mvc.perform(get("/api/v1/rfid/sgtin-96/3174257BF7194E4000001A85"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/invalid-code"))
			.andExpect(jsonPath("$.detail").value(containsString("header")));
	}

}
