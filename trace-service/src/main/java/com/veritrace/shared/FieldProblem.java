package com.veritrace.shared;

/**
 * One thing that was wrong with a request: where ({@code field}, a name or JSON pointer)
 * and why.
 */
public record FieldProblem(String field, String reason) {
}
