package cn.railway.tempid.demo;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The passenger pages at {@code /} (they play the 12306 app): only in the demo profile, like the
 * simulated face check they use. Headers and the Content-Security-Policy: {@code
 * pages.PageSecurity}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoPage implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/passenger/**")
        .addResourceLocations("classpath:/pages/passenger/")
        .setCacheControl(CacheControl.noCache());
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/").setViewName("forward:/passenger/index.html");
  }
}
