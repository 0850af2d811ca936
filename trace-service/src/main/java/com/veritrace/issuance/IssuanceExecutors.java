package com.veritrace.issuance;

import com.veritrace.TaskConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Issuance's two executors, sized from {@code veritrace.codes}, set up as every executor
 * of the service is ({@link TaskConfiguration#pool}).
 */
@Configuration(proxyBeanMethods = false)
class IssuanceExecutors {

	@Bean(TaskConfiguration.CODE_JOB_EXECUTOR)
	ThreadPoolTaskExecutor codeJobExecutor(CodesProperties properties) {
		// interrupted on shutdown: a job left RUNNING is failed and cleaned up at the
		// next start
		return TaskConfiguration.pool("code-job-", properties.jobThreads(), Integer.MAX_VALUE);
	}

	@Bean(TaskConfiguration.CODE_RENDER_EXECUTOR)
	ThreadPoolTaskExecutor codeRenderExecutor(CodesProperties properties) {
		return TaskConfiguration.pool("code-render-", properties.effectiveRenderThreads(), Integer.MAX_VALUE);
	}

}
