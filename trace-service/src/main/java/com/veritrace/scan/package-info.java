/**
 * The consumer scan page: the verdict of a scanned code, the item journey, the page cache, place tokens and the
 * scan log.
 */
@NullMarked
package com.veritrace.scan;

import org.jspecify.annotations.NullMarked;
