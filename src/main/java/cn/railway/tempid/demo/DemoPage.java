package cn.railway.tempid.demo;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The demo passenger page at {@code /}: only in the demo profile, like the endpoints it uses. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoPage implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/demo-page/**").addResourceLocations("classpath:/demo-page/");
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/", "/demo-page/index.html");
  }
}
