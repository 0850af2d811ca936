package com.veritrace.ingest;

import org.jspecify.annotations.Nullable;

/**
 * A business transaction reference; {@code type} is the canonical CBV web URI
 * ({@code https://ref.gs1.org/cbv/BTT-po}) or a user URI, {@code null} when absent.
 */
public record BizTransaction(@Nullable String type, String id) {
}
