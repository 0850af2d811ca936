package com.veritrace.reports;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.inspection.DocumentStore;
import com.veritrace.inspection.DocumentType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Inspection reports ({@code veritrace.inspection}): where documents are kept, size and
 * type limits, the document digest ({@code hash-algorithm}; unset, the crypto profile's:
 * {@code com.veritrace.CryptoProfile#documentHash}), and the lab systems polled for
 * results.
 */
@Validated
@ConfigurationProperties("veritrace.inspection")
public record InspectionProperties(@DefaultValue @Valid DocumentStoreSettings documentStore,
		@DefaultValue("20MB") @NotNull DataSize maxDocumentSize,
		@DefaultValue("64KB") @NotNull DataSize maxMetadataSize, @DefaultValue("24MB") @NotNull DataSize maxUploadSize,
		@DefaultValue( {
				"PDF", "PNG", "JPEG" }) @NotEmpty Set<DocumentType> allowedTypes,
		@Nullable DocumentHashAlgorithm hashAlgorithm, @DefaultValue @Valid Pull pull){

	public InspectionProperties {
		if (maxUploadSize.toBytes() < maxDocumentSize.toBytes()) {
			throw new IllegalArgumentException("veritrace.inspection.max-upload-size (" + maxUploadSize
					+ ") must be at least max-document-size (" + maxDocumentSize + ")");
		}
	}

	/**
	 * The document store: {@code filesystem} (a directory) unless another
	 * {@link DocumentStore} bean is declared.
	 */
	public record DocumentStoreSettings(@DefaultValue("./data/inspection-documents") @NotNull Path directory) {
	}

	/** Lab systems that do not push: polled every {@code interval} for new results. */
	public record Pull(@DefaultValue("1m") @NotNull Duration interval, @DefaultValue("100") int pageSize,
			@DefaultValue("20") int maxPagesPerPoll, @DefaultValue List<@Valid Lab> labs) {
	}

	/**
	 * One lab system: the lab's organisation id, its API's base URI and the bearer token
	 * it gave us. {@code allowPrivateNetwork}: its host may be a loopback, private or
	 * link-local address (off by default: such hosts are refused, see docs/SECURITY.md).
	 */
	public record Lab(long organisationId, @NotNull URI baseUrl, @Nullable String token,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration requestTimeout,
			@DefaultValue("4") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff, @DefaultValue("false") boolean allowPrivateNetwork) {

		@Override
		public String toString() {
			return "Lab[" + this.organisationId + " at " + this.baseUrl + "]";
		}

	}

}
