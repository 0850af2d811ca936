/**
 * Grants: a brand lets a partner report events (or a lab reports) for its GTINs or lots.
 */
@ApplicationModule(allowedDependencies = { "catalog", "tenancy", "web", "shared" })
@NullMarked
package com.veritrace.partners;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
