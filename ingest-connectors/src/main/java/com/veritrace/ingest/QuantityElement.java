package com.veritrace.ingest;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * One quantityList element: an EPC class (as given), an optional quantity and an optional
 * UN/CEFACT unit.
 */
public record QuantityElement(String epcClass, @Nullable BigDecimal quantity, @Nullable String uom) {
}
