package cn.railway.tempid.account;

/** Published when a passenger logs out: everything bound to that login stops working (R12). */
public record PassengerLoggedOut(String accountId) {}
