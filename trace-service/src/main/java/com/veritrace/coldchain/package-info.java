/**
 * Cold chain (issue 15, item 3): the temperature readings of stored events' EPCIS sensor
 * reports are checked against the storage condition of the products they concern; an
 * excursion (a reading outside the range, or a temperature sensor's alarm) is recorded
 * with the items and lots it marks, raises a COLD_CHAIN alert for the brand once per lot
 * and day, and is shown on the scan page ({@link ColdChainIndex}) and counted for
 * dashboards ({@link ColdChainStats}).
 */
@ApplicationModule(allowedDependencies = { "alert", "catalog", "events", "tenancy", "shared", "codes" })
@NullMarked
package com.veritrace.coldchain;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
