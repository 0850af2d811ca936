package com.veritrace.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @Scheduled} method: it keeps this node's own state fresh (an in-memory
 * index a request reads) and runs on every node, whatever its roles. Every other
 * {@code @Scheduled} method is a cluster-wide job and runs only on nodes with the
 * {@link NodeRoles.Role#JOBS} role ({@code com.veritrace.TaskConfiguration}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EveryNode {

}
