package com.veritrace.portal;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.notify.NoticeDraft;
import com.veritrace.notify.NoticeKind;
import com.veritrace.notify.NoticeService;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The inbox and webhook pages: every role reads and marks the organisation's notices (the
 * navigation counts the unread ones); owners and admins add an endpoint (its secret shown
 * once), read its deliveries and remove it; a viewer's post is 403 and changes nothing,
 * another organisation's ids are 404, a form without its CSRF token is refused.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = "veritrace.notify.http.allow-loopback=true")
class NotifyPagesIntegrationTests {

	static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9_-]{43}");

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	NoticeService notices;

	@Autowired
	JdbcTemplate jdbc;

	Portal portal;

	ApiClient.Tenant warehouse;

	ApiClient.Tenant other;

	WireMockServer receiver;

	@BeforeEach
	void setUp() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.warehouse = api.tenant(ApiClient.unique("Inbox warehouse"), "WAREHOUSE", "read");
		this.other = api.tenant(ApiClient.unique("Inbox other"), "WAREHOUSE", "read");
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.receiver.stubFor(
				com.github.tomakehurst.wiremock.client.WireMock.post("/hook").willReturn(aResponse().withStatus(204)));
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
	}

	@Test
	void everyRoleReadsTheInboxNewestFirstAndMarksNoticesReadForTheOrganisation() throws Exception {
		long first = notice(NoticeKind.RECALL_ISSUED, "Recall: Oolong 100 g", "召回：乌龙茶 100 克");
		long second = notice(NoticeKind.RECALL_ALERT, "Recall alert: Oolong 100 g", "召回警报：乌龙茶 100 克");
		Portal.Person viewer = this.portal.login(this.warehouse.id(), Role.VIEWER);
		String page = this.mvc.perform(viewer.as(get("/portal/inbox?lang=en")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("2 unread notices")))
			.andExpect(content().string(containsString("<span class=\"count\" aria-hidden=\"true\">2</span>")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page.indexOf("data-notice=\"" + second + "\"")).isPositive()
			.isLessThan(page.indexOf("data-notice=\"" + first + "\""));
		assertThat(page).contains("Recall alert: Oolong 100 g").contains("href=\"/portal/recalls/R-1\"");
		this.mvc.perform(viewer.as(get("/portal/inbox?lang=zh-CN")))
			.andExpect(content().string(containsString("召回警报：乌龙茶 100 克")))
			.andExpect(content().string(containsString("2 条未读通知")));

		// marked read by one person, read for the organisation
		this.mvc.perform(viewer.form(post("/portal/inbox/" + first + "/read")))
			.andExpect(redirectedUrl("/portal/inbox"));
		assertThat(
				this.jdbc.queryForObject("SELECT read_ms IS NOT NULL FROM notice WHERE id = ?", Boolean.class, first))
			.isTrue();
		Portal.Person owner = this.portal.login(this.warehouse.id(), Role.OWNER);
		this.mvc.perform(owner.as(get("/portal/inbox?lang=en&unread=true")))
			.andExpect(content().string(containsString("One unread notice")))
			.andExpect(content().string(containsString("data-notice=\"" + second + "\"")))
			.andExpect(content().string(not(containsString("data-notice=\"" + first + "\""))));
		// another organisation's notice is not found; no CSRF token, no change
		Portal.Person stranger = this.portal.login(this.other.id(), Role.OWNER);
		this.mvc.perform(stranger.form(post("/portal/inbox/" + second + "/read"))).andExpect(status().isNotFound());
		this.mvc.perform(viewer.as(post("/portal/inbox/read-all"))).andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM notice WHERE organisation_id = ? AND read_ms IS NULL",
				Integer.class, this.warehouse.id()))
			.isEqualTo(1);
		this.mvc.perform(owner.form(post("/portal/inbox/read-all"))).andExpect(redirectedUrl("/portal/inbox"));
		this.mvc.perform(owner.as(get("/portal/inbox?lang=en")))
			.andExpect(content().string(containsString("No unread notices")))
			.andExpect(content().string(not(containsString("class=\"count\""))));
	}

	@Test
	void anAdminAddsAnEndpointSeesTheSecretOnceReadsItsDeliveriesAndRemovesIt() throws Exception {
		Portal.Person admin = this.portal.login(this.warehouse.id(), Role.ADMIN);
		this.mvc.perform(admin.as(get("/portal/webhooks?lang=en")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No endpoint yet.")));
		// refused with the reason next to the field
		this.mvc.perform(admin.form(post("/portal/webhooks")).param("url", "https://10.0.0.7/hook"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"url-error\"")))
			.andExpect(content().string(containsString("which is not a public address")));
		MvcResult added = this.mvc
			.perform(admin.form(post("/portal/webhooks"))
				.param("url", this.receiver.url("/hook"))
				.param("description", "Warehouse ERP"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andReturn();
		Matcher secret = SECRET.matcher(added.getResponse().getContentAsString());
		assertThat(secret.find()).isTrue();
		long id = this.jdbc.queryForObject("SELECT id FROM webhook_endpoint WHERE organisation_id = ?", Long.class,
				this.warehouse.id());
		// shown once: afterwards only its beginning
		this.mvc.perform(admin.as(get("/portal/webhooks?lang=en")))
			.andExpect(content().string(not(containsString(secret.group()))))
			.andExpect(content().string(containsString(secret.group().substring(0, 12) + "…")))
			.andExpect(content().string(containsString("data-webhook=\"" + id + "\"")));
		this.mvc.perform(admin.as(get("/portal/webhooks/" + id + "?lang=en")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Ping at registration")))
			.andExpect(content().string(containsString(">204<")));

		// a viewer may not, another organisation does not find it
		Portal.Person viewer = this.portal.login(this.warehouse.id(), Role.VIEWER);
		this.mvc.perform(viewer.as(get("/portal/webhooks"))).andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post("/portal/webhooks")).param("url", this.receiver.url("/hook")))
			.andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post("/portal/webhooks/" + id + "/remove"))).andExpect(status().isForbidden());
		Portal.Person stranger = this.portal.login(this.other.id(), Role.OWNER);
		this.mvc.perform(stranger.as(get("/portal/webhooks/" + id))).andExpect(status().isNotFound());
		this.mvc.perform(stranger.form(post("/portal/webhooks/" + id + "/remove"))).andExpect(status().isNotFound());
		this.mvc.perform(admin.as(post("/portal/webhooks/" + id + "/remove"))).andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForList("SELECT removed_ms FROM webhook_endpoint WHERE id = ?", Long.class, id))
			.containsOnlyNulls();
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM webhook_endpoint WHERE organisation_id <> ? AND url = ?",
						Integer.class, this.warehouse.id(), this.receiver.url("/hook")))
			.isZero();

		this.mvc.perform(admin.form(post("/portal/webhooks/" + id + "/remove")))
			.andExpect(redirectedUrl("/portal/webhooks"));
		assertThat(this.jdbc.queryForObject("SELECT removed_ms IS NOT NULL FROM webhook_endpoint WHERE id = ?",
				Boolean.class, id))
			.isTrue();
		this.mvc.perform(admin.as(get("/portal/webhooks/" + id))).andExpect(status().isNotFound());
	}

	private long notice(NoticeKind kind, String en, String zh) {
		String key = "test:" + System.nanoTime();
		assertThat(this.notices.post(this.warehouse.id(),
				new NoticeDraft(key, kind, "R-1", Map.of("en", en, "zh-CN", zh),
						Map.of("en", "What to do: stop selling.", "zh-CN", "处理要求：停止销售。"), "/portal/recalls/R-1",
						Map.of("recall", Map.of("id", "R-1")))))
			.isTrue();
		List<Long> ids = this.jdbc.queryForList("SELECT id FROM notice WHERE organisation_id = ? AND notice_key = ?",
				Long.class, this.warehouse.id(), key);
		return ids.get(0);
	}

}
