package com.veritrace.alert;

/** Where an alert stands: raised, seen by someone who will act, dealt with. */
public enum AlertState {

	OPEN, ACKNOWLEDGED, RESOLVED

}
