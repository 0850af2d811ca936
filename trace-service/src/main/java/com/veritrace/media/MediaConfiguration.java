package com.veritrace.media;

import com.veritrace.web.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The portal's media pages take video uploads: their own body cap
 * ({@code veritrace.media.max-upload-size}) instead of the product pages' or the API's.
 */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

	static final String PAGES = "/portal/media/";

	@Bean
	BodyLimit mediaPagesBodyLimit(MediaProperties properties) {
		return new BodyLimit(PAGES, properties.maxUploadSize().toBytes());
	}

}
