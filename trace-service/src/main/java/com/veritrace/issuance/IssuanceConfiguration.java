package com.veritrace.issuance;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IssuanceConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService codeJobExecutor(CodesProperties properties) {
		return Executors.newFixedThreadPool(properties.jobThreads(), threads("code-job-"));
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService codeRenderExecutor(CodesProperties properties) {
		return Executors.newFixedThreadPool(properties.effectiveRenderThreads(), threads("code-render-"));
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
