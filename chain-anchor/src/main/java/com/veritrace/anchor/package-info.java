@NullMarked
package com.veritrace.anchor;

import org.jspecify.annotations.NullMarked;
