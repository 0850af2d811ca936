@NullMarked
package com.veritrace.analytics;

import org.jspecify.annotations.NullMarked;
