@NullMarked
package com.veritrace.inspection;

import org.jspecify.annotations.NullMarked;
