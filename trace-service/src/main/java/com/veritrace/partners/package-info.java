/**
 * Partner grants: what a brand lets another organisation report for its products or lots.
 */
@NullMarked
package com.veritrace.partners;

import org.jspecify.annotations.NullMarked;
