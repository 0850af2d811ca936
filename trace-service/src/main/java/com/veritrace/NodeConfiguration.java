package com.veritrace;

import java.util.LinkedHashMap;
import java.util.Map;

import com.veritrace.shared.NodeRoles;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * This node's roles in a fleet ({@code veritrace.roles}, {@link NodeRoles}; issue 18), as
 * a bean every module consults, and shown at {@code /actuator/info} ({@code node}: its
 * name and roles).
 */
@Configuration(proxyBeanMethods = false)
class NodeConfiguration {

	@Bean
	NodeRoles nodeRoles(Environment environment) {
		return NodeRoles.from(environment);
	}

	@Bean
	InfoContributor nodeInfo(NodeRoles roles) {
		return builder -> {
			Map<String, Object> node = new LinkedHashMap<>();
			node.put("name", roles.nodeName());
			node.put("roles", roles.names());
			builder.withDetail("node", node);
		};
	}

}
