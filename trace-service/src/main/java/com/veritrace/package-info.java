/**
 * The Veritrace application: its entry point and the properties shared by every feature.
 */
@NullMarked
package com.veritrace;

import org.jspecify.annotations.NullMarked;
