@NullMarked
package com.veritrace.ingest;

import org.jspecify.annotations.NullMarked;
