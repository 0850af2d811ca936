package com.veritrace.reports;

import java.io.IOException;

import com.veritrace.inspection.DocumentStore;
import com.veritrace.inspection.FileSystemDocumentStore;
import com.veritrace.inspection.InspectionEvents;
import com.veritrace.inspection.ReportMetadataReader;
import com.veritrace.web.BodyLimit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InspectionConfiguration {

	static final String UPLOAD_PATH = "/api/v1/inspection-reports";

	/**
	 * The file-system store, unless an object-store adapter is declared as a
	 * {@link DocumentStore} bean.
	 */
	@Bean
	@ConditionalOnMissingBean(DocumentStore.class)
	DocumentStore fileSystemDocumentStore(InspectionProperties properties) throws IOException {
		return new FileSystemDocumentStore(properties.documentStore().directory());
	}

	/**
	 * Uploads carry a document: their own body cap instead of
	 * veritrace.api.max-body-size.
	 */
	@Bean
	BodyLimit inspectionUploadBodyLimit(InspectionProperties properties) {
		return new BodyLimit(UPLOAD_PATH, properties.maxUploadSize().toBytes());
	}

	@Bean
	InspectionEvents inspectionEvents() {
		return new InspectionEvents();
	}

	@Bean
	ReportMetadataReader reportMetadataReader() {
		return new ReportMetadataReader();
	}

}
