package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.InvalidCharacterException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read strictly, so that what the client sent either means exactly one thing or
 * is a {@code 400}:
 *
 * <ul>
 *   <li>a key given twice in one object is refused ({@code STRICT_DUPLICATE_DETECTION}): which of
 *       the two counts would otherwise depend on the reader;
 *   <li>no coercion into text: {@code "name": true} or {@code "name": 5} is the wrong type, not
 *       {@code "true"} (scalars into numbers and booleans: {@code
 *       spring.jackson.mapper.allow-coercion-of-scalars: false}), nor is an empty or blank string a
 *       null number or boolean;
 *   <li>a string holding U+0000 is refused (PostgreSQL cannot store it in text).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
    return builder ->
        builder
            .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .modulesToInstall(
                new SimpleModule("tempid-strict-strings")
                    .addDeserializer(String.class, new StorableStringDeserializer()))
            .postConfigurer(
                mapper -> {
                  var textual = mapper.coercionConfigFor(LogicalType.Textual);
                  textual.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                  textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                  textual.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                  // "" (or blank) for a number or a boolean is the wrong type, not a null
                  for (LogicalType scalar :
                      new LogicalType[] {
                        LogicalType.Boolean, LogicalType.Float, LogicalType.Integer
                      }) {
                    mapper
                        .coercionConfigFor(scalar)
                        .setAcceptBlankAsEmpty(false)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                  }
                });
  }

  /** Jackson's own string reading, then a refusal of what the database cannot store. */
  static final class StorableStringDeserializer extends StdScalarDeserializer<String> {
    StorableStringDeserializer() {
      super(String.class);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      if (value != null && value.indexOf('\u0000') >= 0) {
        throw new InvalidCharacterException(p);
      }
      return value;
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }
}
