package cn.railway.tempid.engine;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Camunda's web apps link to {@code /camunda-welcome} (its standalone distribution's welcome page),
 * which this service does not have: every click logged {@code WARN No mapping for GET
 * /camunda-welcome}. It leads to the welcome app of the embedded web apps instead.
 */
@Configuration(proxyBeanMethods = false)
class CamundaWelcome implements WebMvcConfigurer {
  static final String PATH = "/camunda-welcome";
  static final String WELCOME = "/camunda/app/welcome/default/";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController(PATH, WELCOME);
  }
}
