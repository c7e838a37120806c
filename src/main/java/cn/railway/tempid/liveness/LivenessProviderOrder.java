package cn.railway.tempid.liveness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The liveness providers in the order new sessions try them: {@value #PROPERTY} is one adapter name
 * ({@code tencent}) or several in order ({@code tencent,aliyun}, or a YAML list). An adapter
 * registers only when its name is in the order, so a provider that is not configured needs no
 * settings.
 */
public final class LivenessProviderOrder {
  public static final String PROPERTY = "tempid.liveness.provider";

  private LivenessProviderOrder() {}

  /** The configured names, in order, lower case, without blanks or repeats. */
  public static List<String> configured(Environment environment) {
    List<String> names = new ArrayList<>();
    for (String value :
        Binder.get(environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of())) {
      for (String name : value.split(",")) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!n.isEmpty() && !names.contains(n)) {
          names.add(n);
        }
      }
    }
    return List.copyOf(names);
  }

  /** The adapter registers only when its name is in {@value #PROPERTY}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @Documented
  @Conditional(OnConfigured.class)
  public @interface ConditionalOnLivenessProvider {
    /** The adapter's name. */
    String value();
  }

  static final class OnConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Map<String, Object> attributes =
          metadata.getAnnotationAttributes(ConditionalOnLivenessProvider.class.getName());
      return attributes != null
          && configured(context.getEnvironment()).contains((String) attributes.get("value"));
    }
  }
}
