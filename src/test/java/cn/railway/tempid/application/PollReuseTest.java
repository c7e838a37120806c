package cn.railway.tempid.application;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.application.query.RecentViews;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.Passengers;
import cn.railway.tempid.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 22, the peak: an app polls its application every 250 ms. A poll reuses the view read within
 * {@link RecentViews#REUSE} (no reads, no decryption), but never shows a status older than the last
 * committed change, never shows one application to another's token, and a token erased by retention
 * is refused at once.
 */
@ApplicationTest
class PollReuseTest {
  @Autowired Passengers passengers;
  @Autowired AdjustableClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationRepository applications;
  @Autowired PlatformTransactionManager transactions;

  record Guest(String id, String token, String sessionId) {}

  Guest submitted() throws Exception {
    String idNumber = TestIdentities.randomIdNumber();
    passengers.inRegistry("张三", idNumber);
    Passengers.Answer a = passengers.submitAsGuest("张三", idNumber);
    assertThat(a.status()).isEqualTo(201);
    return new Guest(
        a.text("applicationId"),
        a.text("applicantToken"),
        a.body().path("liveness").path("sessionId").asText());
  }

  @Test
  void aPollWithinTheReuse_stillShowsAChangeAtOnce() throws Exception {
    Guest g = submitted();
    assertThat(passengers.application(g.id(), g.token()).text("status"))
        .isEqualTo("AWAITING_LIVENESS");

    // the clock does not move: the view read above is still within its reuse
    passengers.completeLiveness(g.id(), g.sessionId(), "PASS", null, null);

    assertThat(passengers.application(g.id(), g.token()).text("status"))
        .as("the change forgot the view read before it")
        .isEqualTo("ISSUED");
  }

  @Test
  void whatChangesWithoutASignal_isAtMostTheReuseOld() throws Exception {
    Guest g = submitted();
    String city = passengers.application(g.id(), g.token()).text("city");
    // written behind the application's back: no change is signalled (nothing in the service
    // changes an application this way; it shows what an unsignalled change would look like)
    jdbc.sql("update application set city = 'test-city' where id = ?").param(g.id()).update();

    assertThat(passengers.application(g.id(), g.token()).text("city"))
        .as("reused: not read again")
        .isEqualTo(city);
    clock.advance(RecentViews.REUSE);
    assertThat(passengers.application(g.id(), g.token()).text("city")).isEqualTo("test-city");
  }

  @Test
  void anotherGuestsToken_gets404_whileTheViewIsReused() throws Exception {
    Guest mine = submitted();
    Guest theirs = submitted();
    assertThat(passengers.application(mine.id(), mine.token()).status()).isEqualTo(200);

    Passengers.Answer a = passengers.application(mine.id(), theirs.token());

    assertThat(a.status()).isEqualTo(404);
  }

  @Test
  void aTokenErasedByRetention_isRefusedAtOnce() throws Exception {
    Guest g = submitted();
    assertThat(passengers.application(g.id(), g.token()).status()).isEqualTo(200);

    // as retention erases a finished case's tokens (ApplicationPersonalData)
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            tx -> {
              jdbc.sql("delete from applicant_token where application_id = ?")
                  .param(g.id())
                  .update();
              applications.tokensErased();
            });

    assertThat(passengers.application(g.id(), g.token()).status()).isEqualTo(401);
  }
}
