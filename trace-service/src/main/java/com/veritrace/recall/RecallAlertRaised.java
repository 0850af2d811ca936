package com.veritrace.recall;

/**
 * An event was reported on a recalled item after its recall (a shipment, a sale, a
 * receipt): published in the transaction that records the alert, for delivery to the
 * recall's initiator, its brand and the regulators (portal inbox, webhook, mail).
 *
 * @param alertId the stored alert
 * @param recallId the recall
 */
public record RecallAlertRaised(long alertId, String recallId) {
}
