package com.veritrace.web;

/**
 * A feature's own cap on request bodies under a path prefix (e.g. report uploads), in
 * place of {@code veritrace.api.max-body-size}; declared as a bean and applied by the
 * request size filter.
 */
public record BodyLimit(String pathPrefix, long maxBytes) {
}
