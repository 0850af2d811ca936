/**
 * Origin media (issue 21 item 1): pictures and a video a brand attaches to a product or
 * to one of its lots, kept in the inspection reports' document store (content-addressed,
 * hashed), checked by content, re-encoded on the server, and served to the scan page
 * (images, and video files with HTTP range requests); video links only to hosts the brand
 * allow-lists, never fetched by the service.
 */
@ApplicationModule(allowedDependencies = { "catalog", "tenancy", "web", "shared", "inspection", "reports" })
@NullMarked
package com.veritrace.media;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
