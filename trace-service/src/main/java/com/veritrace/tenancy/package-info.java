/**
 * Organisations, their API keys and callers, the security configuration and the platform bootstrap.
 */
@NullMarked
package com.veritrace.tenancy;

import org.jspecify.annotations.NullMarked;
