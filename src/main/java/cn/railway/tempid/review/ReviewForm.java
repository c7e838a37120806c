package cn.railway.tempid.review;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Tasklist's review form at {@code /forms/review.html} (the user task's form key {@code
 * embedded:app:forms/review.html}: Tasklist loads it from the process application's context path).
 * A static page without data: the case file it shows is fetched by the form with the reviewer's
 * Tasklist session. Revalidated on every load, so a new version is used at once.
 */
@Configuration(proxyBeanMethods = false)
class ReviewForm implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/forms/**")
        .addResourceLocations("classpath:/forms/")
        .setCacheControl(CacheControl.noCache());
  }
}
