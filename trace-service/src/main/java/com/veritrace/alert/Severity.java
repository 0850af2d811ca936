package com.veritrace.alert;

/** How urgent an alert is, least first (subscriptions name the least they want). */
public enum Severity {

	INFO, WARNING, CRITICAL

}
