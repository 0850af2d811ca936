/**
 * The embedded default's demo data: a brand, its partners, products, lots and the EPCIS
 * events of a tea journey.
 */
@NullMarked
package com.veritrace.demo;

import org.jspecify.annotations.NullMarked;
