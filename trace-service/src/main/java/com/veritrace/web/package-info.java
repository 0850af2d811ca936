/**
 * Web plumbing shared by every feature: problem details, request size and rate limits, locales and the OpenAPI
 * description.
 */
@NullMarked
package com.veritrace.web;

import org.jspecify.annotations.NullMarked;
