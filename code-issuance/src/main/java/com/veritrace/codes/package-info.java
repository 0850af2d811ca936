/**
 * Veritrace code formats: GS1 keys ({@link com.veritrace.codes.Gtin},
 * {@link com.veritrace.codes.Sscc}), GS1 Digital Link URIs
 * ({@link com.veritrace.codes.DigitalLink}), EPC identifiers
 * ({@link com.veritrace.codes.Sgtin96}, {@link com.veritrace.codes.EpcUris}), unguessable
 * serials ({@link com.veritrace.codes.SerialGenerator},
 * {@link com.veritrace.codes.SerialVerifier}), the Chinese drug traceability code
 * ({@link com.veritrace.codes.NmpaDrugCode}), QR / Data Matrix images
 * ({@link com.veritrace.codes.CodeRenderer}) and streamed print files
 * ({@link com.veritrace.codes.PrintFileWriter}). Every refusal is an
 * {@link com.veritrace.codes.InvalidCodeException} whose message says what is wrong.
 */
@NullMarked
package com.veritrace.codes;

import org.jspecify.annotations.NullMarked;
