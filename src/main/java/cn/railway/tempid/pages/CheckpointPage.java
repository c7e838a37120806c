package cn.railway.tempid.pages;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The checkpoint verifier page at {@code /checkpoint/}, in every profile. Its files are revalidated
 * on every load ({@code no-cache}): the page's service worker keeps the copies used offline.
 */
@Configuration(proxyBeanMethods = false)
class CheckpointPage implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/checkpoint/**")
        .addResourceLocations("classpath:/pages/checkpoint/")
        .setCacheControl(CacheControl.noCache());
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/checkpoint", "/checkpoint/");
    registry.addViewController("/checkpoint/").setViewName("forward:/checkpoint/index.html");
  }
}
