package cn.railway.tempid.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * A listener that refuses a completion (the review's {@code complete} listener throws a {@link
 * FormFieldValidationException}) reaches the caller as that refusal. The engine wraps every task
 * listener's exception in a generic one ({@code ENGINE-03051}), which its REST API (and Tasklist,
 * which uses it) answers with {@code 500}; unwrapped, the REST API answers {@code 400} with the
 * listener's message, as it does for an invalid form field. Outermost interceptor: the command's
 * transaction has been rolled back when the refusal is rethrown.
 */
@Component
class ListenerRefusalPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new UnwrapRefusal());
    if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
      interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
    }
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  static final class UnwrapRefusal extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      try {
        return next.execute(command);
      } catch (ProcessEngineException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
          if (cause instanceof FormFieldValidationException refusal) {
            throw refusal;
          }
        }
        throw e;
      }
    }
  }
}
