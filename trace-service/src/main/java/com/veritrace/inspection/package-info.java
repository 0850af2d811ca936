/**
 * Inspection reports in the service: upload and storage, their EPCIS events, lab pulls and the reports of a lot,
 * over REST.
 */
@NullMarked
package com.veritrace.inspection;

import org.jspecify.annotations.NullMarked;
