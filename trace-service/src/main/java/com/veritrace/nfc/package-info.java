/**
 * NFC chips (NTAG 424 DNA): tag registration per brand, tag profiles (the URL layout a
 * chip is programmed with), SUN message verification on tap with its read counter, and
 * the tap's verdict on the scan page.
 */
@ApplicationModule(
		allowedDependencies = { "scan", "catalog", "issuance", "alert", "tenancy", "web", "shared", "analytics" })
@NullMarked
package com.veritrace.nfc;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
