package com.veritrace.recall;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * A listener of {@link RecallAlertRaised} as the notifications module will be one:
 * through the event publication registry, after the storing transaction commits. Tests
 * import it and read what it heard.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecallAlertsHeard {

	@Bean
	Heard recallAlertsHeard() {
		return new Heard();
	}

	/** What was heard, in order. */
	public static class Heard {

		private final List<RecallAlertRaised> raised = new CopyOnWriteArrayList<>();

		@ApplicationModuleListener(id = "test.recall-alerts-heard")
		void on(RecallAlertRaised alert) {
			this.raised.add(alert);
		}

		public List<RecallAlertRaised> raised() {
			return List.copyOf(this.raised);
		}

	}

}
