/**
 * What every feature of the service shares and that belongs to none of them: the domain
 * exceptions a service throws when a request cannot be done (not found, conflict,
 * forbidden, invalid, ...), each with a stable problem type and the list of what was
 * wrong. They know nothing of HTTP: {@code web.ProblemDetailsAdvice} maps them to RFC
 * 9457 problem details in one place. Every module may use it; it depends on no other
 * module.
 */
@ApplicationModule(displayName = "Shared")
@NullMarked
package com.veritrace.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
