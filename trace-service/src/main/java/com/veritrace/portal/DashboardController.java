package com.veritrace.portal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page after a login. */
@Controller
class DashboardController {

	@GetMapping({ "/portal", "/portal/" })
	String dashboard() {
		return "portal/dashboard";
	}

}
