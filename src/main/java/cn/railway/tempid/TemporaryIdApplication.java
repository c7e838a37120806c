package cn.railway.tempid;

import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The case processor for the electronic temporary travel identity certificate (电子临时乘车身份证明): Spring
 * Boot with the Camunda 7 engine embedded.
 */
@SpringBootApplication
@EnableProcessApplication("temporary-id")
public class TemporaryIdApplication {
  public static void main(String[] args) {
    SpringApplication.run(TemporaryIdApplication.class, args);
  }
}
