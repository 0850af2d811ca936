/**
 * The HTTP edge shared by every module: problem details (RFC 9457), request size and rate
 * limits, locale, OpenAPI. Maps the libraries' validation exceptions; knows no feature
 * module.
 */
@ApplicationModule(allowedDependencies = { "shared", "codes", "ingest" })
@NullMarked
package com.veritrace.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
