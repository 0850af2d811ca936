package com.veritrace.notify;

import java.util.Base64;

import com.veritrace.TaskConfiguration;
import com.veritrace.issuance.SerialKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The webhook client, the key of the webhook secrets and the delivery threads.
 */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

	/** The threads that attempt deliveries ({@code veritrace.notify.threads}). */
	static final String EXECUTOR = "notifyDeliveryExecutor";

	static final String SECRET_KEY_PURPOSE = "webhook-secret-key";

	@Bean(destroyMethod = "close")
	OutboundHttp outboundHttp(NotifyProperties properties) {
		return new OutboundHttp(properties.http());
	}

	/**
	 * Encrypts with {@code veritrace.notify.webhook-secret-key} when set, else with a key
	 * derived from the serial master key, which every node shares already.
	 */
	@Bean
	WebhookSecrets webhookSecrets(NotifyProperties properties, SerialKeys serialKeys) {
		if (properties.webhookSecretKey() == null) {
			return new WebhookSecrets(serialKeys.purposeKey(SECRET_KEY_PURPOSE));
		}
		try {
			return new WebhookSecrets(Base64.getDecoder().decode(properties.webhookSecretKey()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("veritrace.notify.webhook-secret-key is not base64 of at least 32 bytes");
		}
	}

	@Bean(EXECUTOR)
	ThreadPoolTaskExecutor notifyDeliveryExecutor(NotifyProperties properties) {
		// interrupted on shutdown: a delivery whose attempt was cut short is taken up
		// again when its lease runs out
		return TaskConfiguration.pool("notify-delivery-", properties.threads(), Integer.MAX_VALUE);
	}

}
