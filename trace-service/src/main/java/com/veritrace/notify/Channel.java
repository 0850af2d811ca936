package com.veritrace.notify;

/** How a notice leaves the service, besides the inbox. */
enum Channel {

	WEBHOOK, MAIL

}
