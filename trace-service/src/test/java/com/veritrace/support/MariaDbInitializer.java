package com.veritrace.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the datasource at this run's MariaDB database. */
public class MariaDbInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues
			.of("spring.datasource.url=" + MariaDbTestDatabase.url(),
					"spring.datasource.username=" + MariaDbTestDatabase.USER,
					"spring.datasource.password=" + MariaDbTestDatabase.PASSWORD)
			.applyTo(context.getEnvironment());
	}

}
