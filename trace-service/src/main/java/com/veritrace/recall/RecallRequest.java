package com.veritrace.recall;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A recall order, or an amendment of one (then {@code note} says what changed and the
 * scope lists only what is added). The scope is any union of: lots of the GTIN, serial
 * ranges, all its lots ({@code allLots}), lots produced in a date range.
 *
 * @param gtin the product (one GTIN per recall)
 * @param lots lot numbers of the GTIN
 * @param serialRanges inclusive serial ranges, ordered shorter first then character by
 * character (numeric order for serials without leading zeros)
 * @param allLots every lot of the GTIN that exists when the recall is issued
 * @param producedFrom with {@code producedTo}: lots whose production date is in the range
 * @param recallClass I, II or III
 * @param reasonCode a {@link RecallReason}
 * @param reason free text
 * @param consumerInstructions what a consumer should do, by language ({@code en},
 * {@code zh-CN}; both required)
 * @param partnerInstructions what partners holding stock should do, by language
 * @param deadline when partners must have removed the items, optional
 * @param note what an amendment changes (required for amendments, ignored otherwise)
 */
public record RecallRequest(@Nullable String gtin, @Nullable List<String> lots,
		@Nullable List<SerialRange> serialRanges, @Nullable Boolean allLots, @Nullable LocalDate producedFrom,
		@Nullable LocalDate producedTo, @Nullable String recallClass, @Nullable String reasonCode,
		@Nullable String reason, @Nullable Map<String, String> consumerInstructions,
		@Nullable Map<String, String> partnerInstructions, @Nullable LocalDate deadline, @Nullable String note) {

	/** An inclusive range of serials. */
	public record SerialRange(@Nullable String from, @Nullable String to) {
	}

	/** The languages every instruction must be given in. */
	public static final List<String> LANGUAGES = List.of("en", "zh-CN");

}
