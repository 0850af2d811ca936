package com.veritrace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VeritraceApplication {

	public static void main(String[] args) {
		SpringApplication.run(VeritraceApplication.class, args);
	}

}
