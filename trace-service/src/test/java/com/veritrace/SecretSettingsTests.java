package com.veritrace;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.veritrace.anchoring.AnchorProperties;
import com.veritrace.events.QueryProperties;
import com.veritrace.feeds.IngestProperties;
import com.veritrace.reports.InspectionProperties;
import com.veritrace.issuance.CodesProperties;
import com.veritrace.notify.NotifyProperties;
import com.veritrace.scan.ScanProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every secret held in a settings record is bound, and left out of the record's
 * {@code toString()} (which is what a log line, an actuator dump or an exception message
 * would print).
 */
class SecretSettingsTests {

	private static final String SERIAL_KEY = "c2VyaWFsLW1hc3Rlci1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";

	private static final String PLACE_TOKEN_KEY = "cGxhY2UtdG9rZW4ta2V5LTAxMjM0NTY3ODlhYmNkZWZnaA==";

	private static final String REDIS_PASSWORD = "redis-password-4711";

	private static final String SIGNING_KEY = "5151515151515151515151515151515151515151515151515151515151515151";

	private static final String ROW_MAC_KEY = "7272727272727272727272727272727272727272727272727272727272727272";

	private static final String EVM_PRIVATE_KEY = "0x8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e";

	private static final String RPC_PASSWORD = "rpc-password-0815";

	private static final String JD_PRIVATE_KEY = "177gjzHTznYdPgWqZrH43W3yp37onm74wYXT4v9FukpCHBrhRysBBZh7Pzdo5AMRyQGJD7x";

	private static final String JD_PASSWORD = "8EjkXVSTxMFjCvNNsTo8RBMDEVQmk7gYkW4SCDuvdsBG";

	private static final String LAB_TOKEN = "lab-bearer-token-0123456789";

	private static final String KAFKA_PASSWORD = "kafka-password-2468";

	private static final String DEMO_KEY = "demo-api-key-0123456789abcdefghij";

	private static final String ADMIN_KEY = "admin-api-key-0123456789abcdefghij";

	private static final String WEBHOOK_SECRET_KEY = "d2ViaG9vay1zZWNyZXQta2V5LTAxMjM0NTY3ODlhYmNkZWY=";

	private static final String PAGE_TOKEN_KEY = "cGFnZS10b2tlbi1rZXktMDEyMzQ1Njc4OWFiY2RlZmdo";

	private static final List<String> SECRETS = List.of(SERIAL_KEY, PLACE_TOKEN_KEY, REDIS_PASSWORD, SIGNING_KEY,
			ROW_MAC_KEY, EVM_PRIVATE_KEY, EVM_PRIVATE_KEY.substring(2), RPC_PASSWORD, JD_PRIVATE_KEY, JD_PASSWORD,
			LAB_TOKEN, KAFKA_PASSWORD, DEMO_KEY, ADMIN_KEY, WEBHOOK_SECRET_KEY, PAGE_TOKEN_KEY);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class)
		.withPropertyValues("veritrace.codes.serial-key=" + SERIAL_KEY,
				"veritrace.scan.place-token-key=" + PLACE_TOKEN_KEY,
				"veritrace.scan.redis-url=redis://default:" + REDIS_PASSWORD + "@cache.example:6379",
				"veritrace.anchor.signing-key=" + SIGNING_KEY, "veritrace.anchor.row-mac-key=" + ROW_MAC_KEY,
				"veritrace.anchor.evm.private-key=" + EVM_PRIVATE_KEY,
				"veritrace.anchor.evm.rpc-url=https://anchor:" + RPC_PASSWORD + "@node.example/rpc",
				"veritrace.anchor.jdchain.gateway-host=gateway.example",
				"veritrace.anchor.jdchain.private-key=" + JD_PRIVATE_KEY,
				"veritrace.anchor.jdchain.private-key-password=" + JD_PASSWORD,
				"veritrace.inspection.pull.labs[0].organisation-id=7",
				"veritrace.inspection.pull.labs[0].base-url=https://lab.example/api",
				"veritrace.inspection.pull.labs[0].token=" + LAB_TOKEN,
				"veritrace.ingest.kafka.properties[security.protocol]=SASL_SSL",
				"veritrace.ingest.kafka.properties[sasl.jaas.config]=org.apache.kafka.common.security.plain."
						+ "PlainLoginModule required username=\"partner\" password=\"" + KAFKA_PASSWORD + "\";",
				"veritrace.demo.api-key=" + DEMO_KEY, "veritrace.bootstrap.admin-key=" + ADMIN_KEY,
				"veritrace.notify.webhook-secret-key=" + WEBHOOK_SECRET_KEY,
				"veritrace.query.page-token-key=" + PAGE_TOKEN_KEY);

	@Test
	void secretsAreBoundButNotPrinted() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			CodesProperties codes = context.getBean(CodesProperties.class);
			ScanProperties scan = context.getBean(ScanProperties.class);
			AnchorProperties anchor = context.getBean(AnchorProperties.class);
			InspectionProperties inspection = context.getBean(InspectionProperties.class);
			IngestProperties ingest = context.getBean(IngestProperties.class);
			VeritraceProperties veritrace = context.getBean(VeritraceProperties.class);
			NotifyProperties notify = context.getBean(NotifyProperties.class);
			QueryProperties query = context.getBean(QueryProperties.class);

			// bound: the application gets them
			assertThat(codes.serialKey()).isEqualTo(SERIAL_KEY);
			assertThat(scan.placeTokenKey()).isEqualTo(PLACE_TOKEN_KEY);
			assertThat(scan.redisUrl()).contains(REDIS_PASSWORD);
			assertThat(anchor.signingKey()).isEqualTo(SIGNING_KEY);
			assertThat(anchor.rowMacKey()).isEqualTo(ROW_MAC_KEY);
			assertThat(anchor.evm().privateKey()).isEqualTo(EVM_PRIVATE_KEY);
			assertThat(anchor.evm().rpcUrl().getUserInfo()).contains(RPC_PASSWORD);
			assertThat(anchor.jdchain().privateKey()).isEqualTo(JD_PRIVATE_KEY);
			assertThat(anchor.jdchain().privateKeyPassword()).isEqualTo(JD_PASSWORD);
			assertThat(inspection.pull().labs().get(0).token()).isEqualTo(LAB_TOKEN);
			assertThat(ingest.kafka().properties().get("sasl.jaas.config")).contains(KAFKA_PASSWORD);
			assertThat(veritrace.demo().apiKey()).isEqualTo(DEMO_KEY);
			assertThat(veritrace.bootstrap().adminKey()).isEqualTo(ADMIN_KEY);
			assertThat(notify.webhookSecretKey()).isEqualTo(WEBHOOK_SECRET_KEY);
			assertThat(query.pageTokenKey()).isEqualTo(PAGE_TOKEN_KEY);

			// printed: each record, and each nested record on its own, without any secret
			List<Object> records = List.of(codes, scan, anchor, anchor.evm(), anchor.jdchain(), inspection,
					inspection.pull(), inspection.pull().labs().get(0), ingest, ingest.kafka(), veritrace,
					veritrace.demo(), veritrace.bootstrap(), notify, query);
			for (Object record : records) {
				String printed = record.toString();
				for (String secret : SECRETS) {
					assertThat(printed).as(record.getClass().getName()).doesNotContain(secret);
				}
			}
			// ... but still with what helps an operator: which secrets are set, and the
			// other settings
			String all = records.stream().map(Object::toString).collect(Collectors.joining("\n"));
			Stream
				.of("serialKey=(set)", "placeTokenKey=(set)", "cache.example:6379", "signingKey=(set)",
						"rowMacKey=(set)", "privateKey=(set)", "node.example/rpc", "gateway.example", "lab.example",
						"sasl.jaas.config", "security.protocol", "apiKey=(set)", "adminKey=(set)",
						"webhookSecretKey=(set)", "allowLoopback=false", "pageTokenKey=(set)", "maxScan=20000")
				.forEach((shown) -> assertThat(all).contains(shown));
		});
	}

	@Test
	void unsetSecretsPrintAsNotSet() {
		new ApplicationContextRunner().withUserConfiguration(Settings.class).run((context) -> {
			assertThat(context.getBean(CodesProperties.class).toString()).contains("serialKey=(not set)");
			assertThat(context.getBean(AnchorProperties.class).toString()).contains("signingKey=(not set)");
			assertThat(context.getBean(VeritraceProperties.class).toString()).contains("apiKey=(not set)");
			assertThat(context.getBean(NotifyProperties.class).toString()).contains("webhookSecretKey=(not set)");
			assertThat(context.getBean(QueryProperties.class).toString()).contains("pageTokenKey=(not set)");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ VeritraceProperties.class, CodesProperties.class, ScanProperties.class,
			AnchorProperties.class, InspectionProperties.class, IngestProperties.class, NotifyProperties.class,
			QueryProperties.class })
	static class Settings {

	}

}
