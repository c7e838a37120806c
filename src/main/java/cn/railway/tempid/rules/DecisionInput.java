package cn.railway.tempid.rules;

/**
 * A variable the service supplies to a decision (possibly null: "no value"), part of its {@link
 * DecisionDeclaration}.
 */
public record DecisionInput(String name, DecisionType type) {}
