package cn.railway.tempid;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TemporaryIdApplication {
  public static void main(String[] args) {
    SpringApplication.run(TemporaryIdApplication.class, args);
  }
}
