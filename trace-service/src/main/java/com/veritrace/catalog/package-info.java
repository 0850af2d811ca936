/**
 * Products (GTINs) and lots of a brand.
 */
@ApplicationModule(allowedDependencies = { "tenancy", "web", "shared", "codes" })
@NullMarked
package com.veritrace.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
