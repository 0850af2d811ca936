package com.veritrace.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the datasource at this run's MariaDB database. */
public class MariaDbInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MariaDbTestDatabase.properties("").applyTo(context.getEnvironment());
	}

}
