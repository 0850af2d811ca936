/**
 * Types every module may use (domain exceptions mapped to problem details by {@code web}); depends on no
 * other module. A placeholder until its first types arrive.
 */
@ApplicationModule(displayName = "Shared")
@NullMarked
package com.veritrace.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
