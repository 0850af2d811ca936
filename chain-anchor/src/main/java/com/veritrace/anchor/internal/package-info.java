/** Helpers of chain-anchor; not API. */
@NullMarked
package com.veritrace.anchor.internal;

import org.jspecify.annotations.NullMarked;
