@NullMarked
package com.veritrace.codes;

import org.jspecify.annotations.NullMarked;
