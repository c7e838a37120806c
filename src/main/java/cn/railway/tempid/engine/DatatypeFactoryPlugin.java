package cn.railway.tempid.engine;

import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Names the JDK's own {@link DatatypeFactory} before the engine starts. Camunda creates one for
 * every timer with a duration (its {@code DurationHelper}: the 10-minute liveness deadline, the
 * 30-minute QR page lock, …), and without the property each {@code DatatypeFactory.newInstance()}
 * searches the whole class path for another provider ({@code ServiceLoader}, through every nested
 * jar of the packaged service): about 6 % of the service's CPU while it issued certificates
 * (docs/performance.md). No jar of ours provides one, so the factory is the one the search ended
 * with anyway; a {@code -Djavax.xml.datatype.DatatypeFactory=…} given at start-up still wins.
 */
@Component
class DatatypeFactoryPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
      System.setProperty(
          DatatypeFactory.DATATYPEFACTORY_PROPERTY,
          DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
    }
  }
}
