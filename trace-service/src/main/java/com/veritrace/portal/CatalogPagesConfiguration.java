package com.veritrace.portal;

import com.veritrace.web.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The product pages take picture uploads: their requests may be larger than the API's
 * default cap, so that an image over the 5 MB the catalogue accepts (up to this cap) is
 * answered next to the upload field in the person's words rather than by the request
 * filter.
 */
@Configuration(proxyBeanMethods = false)
class CatalogPagesConfiguration {

	static final long UPLOAD_CAP = 12L * 1024 * 1024;

	@Bean
	BodyLimit productPagesBodyLimit() {
		return new BodyLimit("/portal/products/", UPLOAD_CAP);
	}

}
