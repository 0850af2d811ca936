package com.veritrace.issuance;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Code issuance settings ({@code veritrace.codes}).
 *
 * @param resolver scheme and host (and optional path) of the Digital Links printed on
 * labels, e.g. {@code https://id.example.com}; stored with each job so re-downloads are
 * identical
 * @param serialKey the platform's serial master key, base64 (at least 32 bytes); all
 * nodes must share it. When blank, the key in {@code serialKeyFile} is used, generated
 * there at first start. Never logged, masked in {@code toString()}.
 * @param serialKeyFile where the generated master key is kept when {@code serialKey} is
 * blank
 * @param maxQuantity most codes one job may issue
 * @param maxListSize most codes one activation, voiding or aggregation request may name
 * @param batchSize codes generated and inserted per transaction of a running job
 * @param jobThreads jobs that run at the same time on this node
 * @param renderThreads threads rendering print-file images (0: one per core)
 * @param jobStaleAfter a RUNNING job whose runner has not reported progress for this long
 * is taken for dead (its node stopped): failed and its codes deleted, by whichever node
 * with the jobs role looks first; a QUEUED job this old is started by that node. Each
 * batch of {@code batchSize} codes reports progress, so this must be well above a batch's
 * time
 */
@Validated
@ConfigurationProperties("veritrace.codes")
public record CodesProperties(@DefaultValue("https://id.veritrace.example") @NotBlank String resolver,
		@Nullable String serialKey, @DefaultValue("./data/serial-key") @NotNull Path serialKeyFile,
		@DefaultValue("1000000") @Min(1) @Max(100_000_000) int maxQuantity,
		@DefaultValue("10000") @Min(1) int maxListSize, @DefaultValue("10000") @Min(100) int batchSize,
		@DefaultValue("1") @Min(1) @Max(16) int jobThreads, @DefaultValue("0") @Min(0) @Max(64) int renderThreads,
		@DefaultValue("2m") @NotNull Duration jobStaleAfter) {

	public CodesProperties {
		serialKey = serialKey == null || serialKey.isBlank() ? null : serialKey.strip();
		resolver = resolver.strip();
		while (resolver.endsWith("/")) {
			resolver = resolver.substring(0, resolver.length() - 1);
		}
	}

	@Override
	public String toString() {
		// never the serial master key
		return "CodesProperties[resolver=" + this.resolver + ", serialKey="
				+ (this.serialKey == null ? "(not set)" : "(set)") + ", serialKeyFile=" + this.serialKeyFile
				+ ", maxQuantity=" + this.maxQuantity + ", maxListSize=" + this.maxListSize + ", batchSize="
				+ this.batchSize + ", jobThreads=" + this.jobThreads + ", renderThreads=" + this.renderThreads
				+ ", jobStaleAfter=" + this.jobStaleAfter + "]";
	}

	/** Render threads to use: the configured number, or one per core. */
	public int effectiveRenderThreads() {
		return this.renderThreads > 0 ? this.renderThreads : Runtime.getRuntime().availableProcessors();
	}

}
