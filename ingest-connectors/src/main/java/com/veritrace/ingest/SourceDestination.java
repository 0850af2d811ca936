package com.veritrace.ingest;

/**
 * A source or destination: {@code type} as canonical CBV web URI
 * ({@code https://ref.gs1.org/cbv/SDT-owning_party}), {@code id} normalised to a
 * canonical Digital Link where it is a GS1 key (e.g. {@code https://id.gs1.org/417/…}).
 */
public record SourceDestination(String type, String id) {
}
