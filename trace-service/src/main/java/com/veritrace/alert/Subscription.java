package com.veritrace.alert;

import org.jspecify.annotations.Nullable;

/**
 * Which alerts of a kind reach a person by mail.
 *
 * @param least the least severity mailed, or null for none of this kind
 * @param chosen whether the person chose it (else it is their role's default: everything
 * for owners and admins, nothing for the others)
 */
public record Subscription(AlertKind kind, @Nullable Severity least, boolean chosen) {

}
