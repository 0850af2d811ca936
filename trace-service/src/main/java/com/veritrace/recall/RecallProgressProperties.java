package com.veritrace.recall;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recall progress ({@code veritrace.recall.progress}): items per build chunk (one
 * transaction each); how long after a recall (or an amendment) its build starts, so that
 * every node's recall index knows it by then and the build finds any event a node stored
 * before (they get their alert from the build); how often queued events and responses are
 * applied to the item rows ({@code apply-interval}, read by the scheduler); after how
 * long without a chunk a build is presumed abandoned by a crashed node and taken over.
 */
@Validated
@ConfigurationProperties("veritrace.recall.progress")
public record RecallProgressProperties(@DefaultValue("5000") @Min(100) @Max(50_000) int chunkSize,
		@DefaultValue("PT2S") @NotNull Duration startDelay, @DefaultValue("PT0.5S") @NotNull Duration applyInterval,
		@DefaultValue("PT1M") @NotNull Duration staleAfter) {
}
