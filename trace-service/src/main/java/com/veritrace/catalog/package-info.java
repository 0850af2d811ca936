/**
 * The catalogue of brands: products (GTINs) and their lots, over REST.
 */
@NullMarked
package com.veritrace.catalog;

import org.jspecify.annotations.NullMarked;
