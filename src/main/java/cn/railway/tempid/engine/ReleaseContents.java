package cn.railway.tempid.engine;

import cn.railway.tempid.shared.process.ApplicationJourney;
import cn.railway.tempid.shared.process.CertificateLifecycle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * What this release can serve to a running process version ({@link RunningVersionsCheck}): its
 * beans, the classes it loads and the messages it correlates.
 */
interface ReleaseContents {
  /** The type of the bean of that name, {@code Object} if unknown, null if no such bean. */
  Class<?> beanType(String name);

  boolean loadsClass(String className);

  boolean correlates(String messageName);

  /** This release: the beans of the application context, its classes, its correlated messages. */
  static ReleaseContents of(ListableBeanFactory beans, ClassLoader classLoader) {
    Set<String> messages =
        correlatedMessages(List.of(ApplicationJourney.class, CertificateLifecycle.class));
    return new ReleaseContents() {
      @Override
      public Class<?> beanType(String name) {
        if (!beans.containsBean(name)) {
          return null;
        }
        Class<?> type = beans.getType(name, false);
        return type == null ? Object.class : type;
      }

      @Override
      public boolean loadsClass(String className) {
        try {
          Class.forName(className, false, classLoader);
          return true;
        } catch (ClassNotFoundException | LinkageError e) {
          return false;
        }
      }

      @Override
      public boolean correlates(String messageName) {
        return messages.contains(messageName);
      }
    };
  }

  /**
   * The messages this release correlates: the {@code MESSAGE_*} constants of the process name
   * catalogues, which the process glue ({@code application.process}, {@code certificate.process})
   * correlates and {@code ProcessModelLintTest} ties to the models.
   */
  static Set<String> correlatedMessages(Collection<Class<?>> catalogues) {
    Set<String> names = new TreeSet<>();
    for (Class<?> catalogue : catalogues) {
      for (Field field : catalogue.getFields()) {
        if (field.getName().startsWith("MESSAGE_")
            && field.getType() == String.class
            && Modifier.isStatic(field.getModifiers())) {
          try {
            names.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return names;
  }
}
