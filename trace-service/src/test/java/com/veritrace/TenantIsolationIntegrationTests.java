package com.veritrace;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Brand A's key can neither read nor change brand B's products, lots, timelines, keys or
 * grants.
 */
@MariaDbIntegrationTest
class TenantIsolationIntegrationTests {

	@Autowired
	MockMvc mvc;

	Tenant brandA;

	Tenant brandB;

	String gtinB;

	@BeforeEach
	void twoBrands() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.brandA = api.tenant(ApiClient.unique("Brand A"), "BRAND", "read", "products:write", "grants:manage",
				"keys:manage");
		this.brandB = api.tenant(ApiClient.unique("Brand B"), "BRAND", "read", "products:write");
		this.gtinB = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), this.brandB.key(), "{\"gtin\":\"" + this.gtinB + "\",\"name\":\"B's\"}",
				201);
		api.call(post("/api/v1/products/" + this.gtinB + "/lots"), this.brandB.key(), "{\"lotNumber\":\"L1\"}", 201);
	}

	@Test
	void brandCannotReadAnotherBrandsProductLotsOrTimelines() throws Exception {
		for (String path : new String[] { "/api/v1/products/" + this.gtinB, "/api/v1/products/" + this.gtinB + "/lots",
				"/api/v1/products/" + this.gtinB + "/lots/L1", "/api/v1/timelines/lots/" + this.gtinB + "/L1",
				"/api/v1/timelines/items/" + this.gtinB + "/SER1" }) {
			// exactly the answer for a GTIN nobody registered: no existence oracle
			String hidden = this.mvc.perform(get(path).header("Authorization", this.brandA.bearer()))
				.andExpect(status().isNotFound())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("/problems/not-found"))
				.andExpect(jsonPath("$.detail").value("No product with GTIN " + this.gtinB))
				.andReturn()
				.getResponse()
				.getContentAsString();
			String unknownGtin = ApiClient.randomGtin();
			String unknown = this.mvc
				.perform(get(path.replace(this.gtinB, unknownGtin)).header("Authorization", this.brandA.bearer()))
				.andExpect(status().isNotFound())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(hidden.replace(this.gtinB, "GTIN")).isEqualTo(unknown.replace(unknownGtin, "GTIN"));
		}
		this.mvc.perform(get("/api/v1/products").header("Authorization", this.brandA.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(0));
		this.mvc
			.perform(get("/api/v1/products?brandId=" + this.brandB.id()).header("Authorization", this.brandA.bearer()))
			.andExpect(status().isNotFound());
	}

	@Test
	void brandCannotChangeAnotherBrandsProductOrLots() throws Exception {
		this.mvc
			.perform(put("/api/v1/products/" + this.gtinB).header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"hijacked\"}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"));
		this.mvc
			.perform(post("/api/v1/products/" + this.gtinB + "/lots").header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"lotNumber\":\"EVIL\"}"))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(patch("/api/v1/products/" + this.gtinB + "/lots/L1").header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"status\":\"QUARANTINED\"}"))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(post("/api/v1/products").header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"gtin\":\"" + this.gtinB + "\",\"name\":\"mine now\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors[0].field").value("gtin"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("another organisation")));
		// B's data is unchanged
		this.mvc.perform(get("/api/v1/products/" + this.gtinB).header("Authorization", this.brandB.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("B's"));
		this.mvc
			.perform(get("/api/v1/products/" + this.gtinB + "/lots/L1").header("Authorization", this.brandB.bearer()))
			.andExpect(jsonPath("$.status").value("ACTIVE"));
		this.mvc.perform(get("/api/v1/products/" + this.gtinB + "/lots").header("Authorization", this.brandB.bearer()))
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void brandCannotManageAnotherOrganisationsKeys() throws Exception {
		this.mvc
			.perform(post("/api/v1/organisations/" + this.brandB.id() + "/api-keys")
				.header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"x\",\"scopes\":[\"read\"]}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"));
		this.mvc.perform(get("/api/v1/organisations/" + this.brandB.id() + "/api-keys").header("Authorization",
				this.brandA.bearer()))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(delete("/api/v1/organisations/" + this.brandB.id() + "/api-keys/" + this.brandB.keyId())
				.header("Authorization", this.brandA.bearer()))
			.andExpect(status().isNotFound());
		// B's key still works
		this.mvc.perform(get("/api/v1/products").header("Authorization", this.brandB.bearer()))
			.andExpect(status().isOk());
	}

	@Test
	void brandCannotGrantAnotherBrandsProduct() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant warehouse = api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "events:write");
		this.mvc
			.perform(post("/api/v1/grants").header("Authorization", this.brandA.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"granteeOrganisationId\":" + warehouse.id() + ",\"right\":\"EVENTS\",\"gtin\":\""
						+ this.gtinB + "\"}"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"));
	}

	@Test
	void anotherOrganisationsGrantCaptureJobAndOrganisationAreAnsweredAsUnknown() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant warehouse = api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "read", "events:write");
		Tenant brandC = api.tenant(ApiClient.unique("Brand C"), "BRAND", "read", "products:write", "grants:manage",
				"events:write");
		String gtinC = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brandC.key(), "{\"gtin\":\"" + gtinC + "\",\"name\":\"C's\"}", 201);
		long grant = api
			.call(post("/api/v1/grants"), brandC.key(),
					"{\"granteeOrganisationId\":" + warehouse.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + gtinC
							+ "\"}",
					201)
			.get("id")
			.asLong();
		Tenant stranger = api.tenant(ApiClient.unique("Stranger"), "BRAND", "read", "grants:manage", "events:write");
		// a grant: the same answer as for a grant id nobody has
		assertThat(api.call(delete("/api/v1/grants/" + grant), stranger.key(), "", 404).get("detail").asString())
			.isEqualTo("No grant " + grant);
		assertThat(api.call(delete("/api/v1/grants/" + (grant + 1_000_000)), stranger.key(), "", 404)
			.get("detail")
			.asString()).isEqualTo("No grant " + (grant + 1_000_000));
		// a capture job
		String location = this.mvc.perform(post("/api/v1/epcis/capture").header("Authorization", brandC.bearer())
			.contentType("application/ld+json")
			.content(
					"{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
							+ "\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-01-15T10:00:00Z\","
							+ "\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"https://id.gs1.org/01/" + gtinC
							+ "/21/X1\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}]}}"))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getHeader("Location");
		String id = location.substring(location.lastIndexOf('/') + 1);
		assertThat(api.call(get(location), stranger.key(), "", 404).get("detail").asString())
			.isEqualTo("No capture job " + id);
		// an organisation
		assertThat(
				api.call(get("/api/v1/organisations/" + brandC.id()), stranger.key(), "", 404).get("detail").asString())
			.isEqualTo("No organisation " + brandC.id());
		assertThat(api.call(get("/api/v1/organisations/" + brandC.id()), brandC.key(), "", 200).get("id").asLong())
			.isEqualTo(brandC.id());
	}

	@Test
	void regulatorReadsAcrossBrandsButCannotWrite() throws Exception {
		Tenant regulator = new ApiClient(this.mvc).tenant(ApiClient.unique("Regulator"), "REGULATOR", "read");
		this.mvc.perform(get("/api/v1/products/" + this.gtinB).header("Authorization", regulator.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.brandId").value(this.brandB.id()));
		this.mvc
			.perform(put("/api/v1/products/" + this.gtinB).header("Authorization", regulator.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"x\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/forbidden"));
	}

}
