package com.veritrace.portal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard and the products and lots pages against MariaDB through the real security
 * chain: the role matrix (a viewer's post is 403 and changes nothing), another
 * organisation's product answered as an unknown one, CSRF, escaping in the portal and on
 * the scan page, the GTIN's check digit explained, the picture's checks and thumbnail,
 * keyset pages, a deactivated product refused new code jobs.
 */
@MariaDbIntegrationTest
class ProductPagesIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Catalog brand"), "BRAND", "read", "products:write",
				"codes:issue");
	}

	private String create(Portal.Person person, String gtin, String name) throws Exception {
		this.mvc
			.perform(person.form(post("/portal/products"))
				.param("gtin", gtin)
				.param("name", name)
				.param("category", "tea")
				.param("description", ""))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/portal/products/" + gtin + "?created"));
		return gtin;
	}

	private int products(String gtin) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM product WHERE gtin = ?", Integer.class, gtin);
	}

	private List<String> audit(String action) {
		return this.jdbc.queryForList("SELECT target FROM audit_entry WHERE organisation_id = ? AND action = ?",
				String.class, this.brand.id(), action);
	}

	@Test
	void anOwnerCreatesAProductAndALotWhichTheAuditLogAndTheDashboardShow() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String gtin = create(owner, ApiClient.randomGtin(), "Longjing tea");
		assertThat(this.jdbc.queryForObject("SELECT name FROM product WHERE gtin = ?", String.class, gtin))
			.isEqualTo("Longjing tea");
		this.mvc
			.perform(owner.form(post("/portal/products/" + gtin + "/lots"))
				.param("lotNumber", "L-2026-01")
				.param("productionDate", "2026-01-05")
				.param("expiryDate", "2027-01-05"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/portal/products/" + gtin));
		this.mvc.perform(owner.as(get("/portal/products/" + gtin).param("lang", "en")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-lot=\"L-2026-01\"")))
			.andExpect(content().string(containsString("2027-01-05")));
		assertThat(audit("product.created")).containsExactly("GTIN " + gtin);
		assertThat(audit("lot.created")).containsExactly("GTIN " + gtin + " lot L-2026-01");

		String dashboard = this.mvc.perform(owner.as(get("/portal").param("lang", "en")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(count(dashboard, "products")).isEqualTo("1");
		assertThat(count(dashboard, "lots")).isEqualTo("1");
		assertThat(count(dashboard, "codes-issued")).isEqualTo("0");
		assertThat(dashboard).contains("No alerts yet").contains("data-action=\"product.created\"");
		// the recent activity names the person by address
		assertThat(dashboard).contains(">" + owner.email() + "<");

		// the counts are kept for a minute: a product created through the API is not
		// counted yet
		String second = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + second + "\",\"name\":\"Second\"}",
				201);
		String again = this.mvc.perform(owner.as(get("/portal").param("lang", "en")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(count(again, "products")).isEqualTo("1");
		// one created in the portal has the organisation's counts made again
		create(owner, ApiClient.randomGtin(), "Third tea");
		String third = this.mvc.perform(owner.as(get("/portal").param("lang", "en")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(count(third, "products")).isEqualTo("3");
	}

	@Test
	void theDashboardCountsIssuedAndActiveCodesAndFitsOtherKinds() throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Honey\"}",
				201);
		this.api.call(post("/api/v1/products/" + gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"H1\"}", 201);
		this.jdbc
			.update("INSERT INTO code_job (brand_id, request_id, product_id, gtin, lot_id, lot_number, code_format, quantity,"
					+ " produced, resolver, status, created_ms) SELECT p.brand_id, 'dash', p.id, p.gtin, l.id, l.lot_number,"
					+ " 'DIGITAL_LINK', 3, 3, 'https://id.example', 'COMPLETED', 0 FROM product p JOIN lot l ON l.product_id = p.id"
					+ " WHERE p.gtin = ?", gtin);
		long job = this.jdbc.queryForObject("SELECT id FROM code_job WHERE gtin = ?", Long.class, gtin);
		for (int seq = 1; seq <= 3; seq++) {
			this.jdbc.update(
					"INSERT INTO issued_code (job_id, seq, gtin, serial, lot_id, status) SELECT ?, ?, ?, ?, lot_id, ? FROM code_job WHERE id = ?",
					job, seq, gtin, "DASH" + seq, seq == 3 ? "ISSUED" : "ACTIVE", job);
		}
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		String page = this.mvc.perform(viewer.as(get("/portal").param("lang", "en")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(count(page, "codes-issued")).isEqualTo("3");
		assertThat(count(page, "codes-active")).isEqualTo("2");
		// a viewer does not read the audit log: the dashboard says so instead of failing
		assertThat(page).contains("shown to its owners and admins").doesNotContain("data-action=");

		ApiClient.Tenant warehouse = this.api.tenant(ApiClient.unique("Catalog warehouse"), "WAREHOUSE", "read");
		Portal.Person partner = this.portal.login(warehouse.id(), Role.OWNER);
		String partnerPage = this.mvc.perform(partner.as(get("/portal").param("lang", "en")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(partnerPage).contains("data-count=\"events-week\"").doesNotContain("data-count=\"products\"");
		ApiClient.Tenant regulator = this.api.tenant(ApiClient.unique("Catalog regulator"), "REGULATOR", "read");
		Portal.Person inspector = this.portal.login(regulator.id(), Role.OWNER);
		this.mvc.perform(inspector.as(get("/portal").param("lang", "en")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-count=\"alerts\"")))
			.andExpect(content().string(containsString("data-action=\"user.login\"")))
			.andExpect(content().string(not(containsString("data-count=\"codes-active\""))));
	}

	@Test
	void aProductsLotsArePagedByKeyAndAWrongLotIsExplainedNextToItsField() throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Lots\"}", 201);
		for (int i = 0; i < ProductPagesController.PAGE + 2; i++) {
			this.api.call(post("/api/v1/products/" + gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"B" + String.format("%02d", i) + "\"}", 201);
		}
		Portal.Person operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		String first = this.mvc.perform(operator.as(get("/portal/products/" + gtin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(first).contains("data-lot=\"B00\"").contains("data-lot=\"B24\"").doesNotContain("data-lot=\"B25\"");
		assertThat(first).contains("href=\"/portal/products/" + gtin + "?afterLot=B24\"");
		this.mvc.perform(operator.as(get("/portal/products/" + gtin).param("afterLot", "B24")))
			.andExpect(content().string(containsString("data-lot=\"B26\"")))
			.andExpect(content().string(not(containsString("data-lot=\"B24\""))));
		this.mvc
			.perform(operator.form(post("/portal/products/" + gtin + "/lots"))
				.param("lotNumber", "B 01 é")
				.param("productionDate", "2026-05-01")
				.param("expiryDate", "2026-04-01")
				.param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"lotNumber-error\"")))
			.andExpect(content().string(containsString("the GS1 character set")));
		this.mvc
			.perform(operator.form(post("/portal/products/" + gtin + "/lots"))
				.param("lotNumber", "C1")
				.param("productionDate", "2026-05-01")
				.param("expiryDate", "2026-04-01")
				.param("lang", "en"))
			.andExpect(content().string(containsString("id=\"expiryDate-error\"")));
		this.mvc.perform(
				operator.form(post("/portal/products/" + gtin + "/lots")).param("lotNumber", "B01").param("lang", "en"))
			.andExpect(content().string(containsString("has a lot with this number already")));
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM lot l JOIN product p ON p.id = l.product_id WHERE p.gtin = ?", Integer.class,
				gtin))
			.isEqualTo(ProductPagesController.PAGE + 2);
	}

	private static String count(String page, String name) {
		java.util.regex.Matcher m = java.util.regex.Pattern
			.compile("data-count=\"" + name + "\"><span class=\"value\">([0-9,]+)</span>")
			.matcher(page);
		assertThat(m.find()).as("count " + name).isTrue();
		return m.group(1);
	}

	@Test
	void aViewerSeesTheProductsButEveryChangeIsForbiddenAndChangesNothing() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String gtin = create(owner, ApiClient.randomGtin(), "Viewer's tea");
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		this.mvc.perform(viewer.as(get("/portal/products")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(gtin)))
			.andExpect(content().string(not(containsString("action=\"/portal/products\" method=\"post\""))));
		String other = ApiClient.randomGtin();
		this.mvc.perform(viewer.form(post("/portal/products")).param("gtin", other).param("name", "X"))
			.andExpect(status().isForbidden());
		assertThat(products(other)).isZero();
		this.mvc.perform(viewer.form(post("/portal/products/" + gtin)).param("name", "Renamed"))
			.andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post("/portal/products/" + gtin + "/deactivate")))
			.andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post("/portal/products/" + gtin + "/lots")).param("lotNumber", "V1"))
			.andExpect(status().isForbidden());
		this.mvc.perform(upload(viewer, "/portal/products/" + gtin + "/image", png(10, 10)))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForMap("SELECT name, active, image_version FROM product WHERE gtin = ?", gtin))
			.containsEntry("name", "Viewer's tea")
			.containsEntry("active", true)
			.containsEntry("image_version", null);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM lot l JOIN product p ON p.id = l.product_id WHERE p.gtin = ?", Integer.class,
				gtin))
			.isZero();

		// an operator may do it all
		Portal.Person operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		this.mvc
			.perform(operator.form(post("/portal/products/" + gtin)).param("name", "Renamed tea").param("category", ""))
			.andExpect(status().isFound());
		this.mvc.perform(operator.form(post("/portal/products/" + gtin + "/deactivate"))).andExpect(status().isFound());
		assertThat(this.jdbc.queryForMap("SELECT name, active FROM product WHERE gtin = ?", gtin))
			.containsEntry("name", "Renamed tea")
			.containsEntry("active", false);
		assertThat(audit("product.edited")).containsExactly("GTIN " + gtin);
		assertThat(audit("product.deactivated")).containsExactly("GTIN " + gtin);
		this.mvc.perform(operator.form(post("/portal/products/" + gtin + "/reactivate"))).andExpect(status().isFound());
		assertThat(this.jdbc.queryForObject("SELECT active FROM product WHERE gtin = ?", Boolean.class, gtin)).isTrue();
		assertThat(audit("product.reactivated")).hasSize(1);
	}

	@Test
	void anotherOrganisationsProductIsNotFoundAsAnUnknownOneIs() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String gtin = create(owner, ApiClient.randomGtin(), "Not yours");
		ApiClient.Tenant rival = this.api.tenant(ApiClient.unique("Rival brand"), "BRAND", "read");
		Portal.Person stranger = this.portal.login(rival.id(), Role.OWNER);
		String unknown = ApiClient.randomGtin();
		for (String g : List.of(gtin, unknown)) {
			this.mvc.perform(stranger.as(get("/portal/products/" + g))).andExpect(status().isNotFound());
			this.mvc.perform(stranger.form(post("/portal/products/" + g)).param("name", "Stolen"))
				.andExpect(status().isNotFound());
			this.mvc.perform(stranger.form(post("/portal/products/" + g + "/deactivate")))
				.andExpect(status().isNotFound());
			this.mvc.perform(stranger.form(post("/portal/products/" + g + "/lots")).param("lotNumber", "S1"))
				.andExpect(status().isNotFound());
			this.mvc.perform(upload(stranger, "/portal/products/" + g + "/image", png(10, 10)))
				.andExpect(status().isNotFound());
		}
		this.mvc.perform(stranger.as(get("/portal/products")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString(gtin))));
		assertThat(this.jdbc.queryForMap("SELECT name, active, image_version FROM product WHERE gtin = ?", gtin))
			.containsEntry("name", "Not yours")
			.containsEntry("active", true)
			.containsEntry("image_version", null);
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String gtin = ApiClient.randomGtin();
		this.mvc.perform(owner.as(post("/portal/products")).param("gtin", gtin).param("name", "No token"))
			.andExpect(status().isForbidden());
		assertThat(products(gtin)).isZero();
		create(owner, gtin, "With token");
		this.mvc.perform(owner.as(post("/portal/products/" + gtin + "/deactivate"))).andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("SELECT active FROM product WHERE gtin = ?", Boolean.class, gtin)).isTrue();
	}

	@Test
	void aNameWithMarkupIsShownAsTextInThePortalAndOnTheScanPageWithItsPicture() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String name = "<script>alert(1)</script> tea";
		String gtin = create(owner, ApiClient.randomGtin(), name);
		this.mvc.perform(owner.form(post("/portal/products/" + gtin + "/lots")).param("lotNumber", "X1"))
			.andExpect(status().isFound());
		this.mvc.perform(upload(owner, "/portal/products/" + gtin + "/image", png(800, 400)))
			.andExpect(status().isFound());
		String escaped = "&lt;script&gt;alert(1)&lt;/script&gt; tea";
		for (String path : List.of("/portal/products", "/portal/products/" + gtin)) {
			this.mvc.perform(owner.as(get(path)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString(escaped)))
				.andExpect(content().string(not(containsString("<script>alert(1)"))));
		}
		long version = this.jdbc.queryForObject("SELECT image_version FROM product WHERE gtin = ?", Long.class, gtin);
		String imageUrl = "/h5/products/" + gtin + "/image.jpg?v=" + version;
		this.mvc.perform(get("/01/" + gtin + "/10/X1").param("lang", "en").header("Accept", "text/html"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(escaped)))
			.andExpect(content().string(not(containsString("<script>alert(1)"))))
			.andExpect(content().string(containsString("src=\"" + imageUrl.replace("&", "&amp;") + "\"")))
			.andExpect(content().string(containsString("alt=\"" + escaped + "\"")));
		// the picture, public, as a 320-pixel JPEG thumbnail, cacheable
		MvcResult image = this.mvc.perform(get(imageUrl))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "image/jpeg"))
			.andExpect(header().string("Cache-Control", containsString("max-age=")))
			.andReturn();
		BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(image.getResponse().getContentAsByteArray()));
		assertThat(thumbnail.getWidth()).isEqualTo(320);
		assertThat(thumbnail.getHeight()).isEqualTo(160);
		assertThat(audit("product.image-changed")).containsExactly("GTIN " + gtin);
		this.mvc.perform(get("/h5/products/" + ApiClient.randomGtin() + "/image.jpg")).andExpect(status().isNotFound());
	}

	@Test
	void aWrongGtinIsExplainedNextToItsField() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String good = ApiClient.randomGtin();
		int right = good.charAt(13) - '0';
		String bad = good.substring(0, 13) + ((right + 1) % 10);
		this.mvc
			.perform(owner.form(post("/portal/products")).param("gtin", bad).param("name", "Typo").param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"gtin-error\"")))
			.andExpect(content().string(containsString("should be " + right + ", not " + ((right + 1) % 10))))
			.andExpect(content().string(containsString("aria-invalid=\"true\"")));
		this.mvc.perform(
				owner.form(post("/portal/products")).param("gtin", bad).param("name", "Typo").param("lang", "zh-CN"))
			.andExpect(content().string(containsString("校验位（最后一位）应为 " + right)));
		this.mvc
			.perform(owner.form(post("/portal/products")).param("gtin", "12345").param("name", "").param("lang", "en"))
			.andExpect(content().string(containsString("this one has 5")))
			.andExpect(content().string(containsString("id=\"name-error\"")));
		assertThat(products(bad)).isZero();
		// the same GTIN twice: next to the field too
		create(owner, good, "First");
		this.mvc
			.perform(
					owner.form(post("/portal/products")).param("gtin", good).param("name", "Again").param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("registered already")));
	}

	@Test
	void aPictureTooLargeOrNotAnImageIsRefusedNextToTheField() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String gtin = create(owner, ApiClient.randomGtin(), "Picture tea");
		byte[] big = new byte[6 * 1024 * 1024];
		System.arraycopy(png(10, 10).getBytes(), 0, big, 0, 8);
		this.mvc
			.perform(upload(owner, "/portal/products/" + gtin + "/image",
					new MockMultipartFile("image", "big.png", "image/png", big))
				.param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"image-error\"")))
			.andExpect(content().string(containsString("at most 5 MB")));
		this.mvc
			.perform(upload(owner, "/portal/products/" + gtin + "/image",
					new MockMultipartFile("image", "photo.png", "image/png", "<svg/>".getBytes()))
				.param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("not a PNG or JPEG image")));
		this.mvc.perform(upload(owner, "/portal/products/" + gtin + "/image", png(6001, 2)).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("larger than 6000 pixels")));
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM product_image i JOIN product p ON p.id = i.product_id WHERE p.gtin = ?",
				Integer.class, gtin))
			.isZero();
		assertThat(audit("product.image-changed")).isEmpty();
	}

	@Test
	void productsArePagedByKeyAndFoundByNameOrGtin() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String findMe = null;
		for (int i = 0; i < ProductPagesController.PAGE + 2; i++) {
			String gtin = ApiClient.randomGtin();
			this.api.call(post("/api/v1/products"), this.brand.key(),
					"{\"gtin\":\"" + gtin + "\",\"name\":\"Paged " + String.format("%02d", i) + "\"}", 201);
			if (i == 7) {
				findMe = gtin;
			}
		}
		String first = this.mvc.perform(owner.as(get("/portal/products")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(first).contains("Paged 00").contains("Paged 24").doesNotContain("Paged 25");
		java.util.regex.Matcher next = java.util.regex.Pattern.compile("href=\"(/portal/products\\?afterName=[^\"]+)\"")
			.matcher(first);
		assertThat(next.find()).isTrue();
		String second = this.mvc
			.perform(owner.as(get(next.group(1).replace("&amp;", "&").replace("%20", " ").replace("+", " "))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(second).contains("Paged 25").contains("Paged 26").doesNotContain("Paged 24");
		this.mvc.perform(owner.as(get("/portal/products").param("q", "ged 07")))
			.andExpect(content().string(containsString(findMe)))
			.andExpect(content().string(not(containsString("Paged 08"))));
		this.mvc.perform(owner.as(get("/portal/products").param("q", findMe.substring(1))))
			.andExpect(content().string(containsString("Paged 07")))
			.andExpect(content().string(not(containsString("Paged 08"))));
	}

	@Test
	void aDeactivatedProductGetsNoNewCodeJobsThroughTheApiAndTheApiDeactivatesAsThePortalDoes() throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Jobs\"}", 201);
		this.api.call(post("/api/v1/products/" + gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"J1\"}", 201);
		ApiClient.Tenant reader = this.api.tenant(ApiClient.unique("Reader"), "BRAND", "read", "products:write");
		this.api.call(post("/api/v1/products/" + gtin + "/deactivate"), reader.key(), "", 404);
		assertThat(this.api.call(post("/api/v1/products/" + gtin + "/deactivate"), this.brand.key(), "", 200)
			.get("active")
			.asBoolean()).isFalse();
		String job = "{\"requestId\":\"r-" + System.nanoTime() + "\",\"gtin\":\"" + gtin
				+ "\",\"lotNumber\":\"J1\",\"quantity\":5,\"format\":\"DIGITAL_LINK\"}";
		assertThat(this.api.call(post("/api/v1/code-jobs"), this.brand.key(), job, 409).toString())
			.contains("deactivated");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM code_job WHERE gtin = ?", Integer.class, gtin))
			.isZero();
		assertThat(this.api.call(post("/api/v1/products/" + gtin + "/reactivate"), this.brand.key(), "", 200)
			.get("active")
			.asBoolean()).isTrue();
		this.api.call(post("/api/v1/code-jobs"), this.brand.key(), job, 202);
		// a key without products:write may not
		ApiClient.Tenant ownReader = this.brand;
		String readOnly = this.api
			.call(post("/api/v1/organisations/" + ownReader.id() + "/api-keys"), MariaDbIntegrationTest.ADMIN_KEY,
					"{\"name\":\"ro\",\"scopes\":[\"read\"]}", 201)
			.get("key")
			.asString();
		this.api.call(post("/api/v1/products/" + gtin + "/deactivate"), readOnly, "", 403);
		assertThat(this.jdbc.queryForObject("SELECT active FROM product WHERE gtin = ?", Boolean.class, gtin)).isTrue();
	}

	private static org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder upload(
			Portal.Person person, String path, MockMultipartFile file) {
		var request = multipart(path).file(file);
		request.cookie(person.session())
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf());
		return request;
	}

	private static MockMultipartFile png(int width, int height) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		for (int x = 0; x < width; x++) {
			image.setRGB(x, 0, 0xff2266aa);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return new MockMultipartFile("image", "picture.png", "image/png", out.toByteArray());
	}

}
