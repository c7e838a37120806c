package cn.railway.tempid.account;

import java.time.Instant;

/** A registered passenger with a verified identity. Name and ID number stay encrypted here. */
record Account(
    String id,
    String username,
    String passwordHash,
    String personKey,
    String nameEnc,
    String idNumberEnc,
    Instant createdAt) {}
