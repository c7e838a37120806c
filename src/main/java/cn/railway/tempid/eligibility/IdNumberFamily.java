package cn.railway.tempid.eligibility;

/** Which kind of document an 18-character ID number belongs to. */
public enum IdNumberFamily {
  /** Resident identity card of the People's Republic of China (居民身份证). */
  RESIDENT,
  /** Residence permit for Hong Kong, Macau and Taiwan residents (港澳台居民居住证), region 81/82/83. */
  HMT_RESIDENCE_PERMIT,
  /** Foreign permanent residence ID card, 2023 edition (外国人永久居留身份证), first digit 9. */
  FOREIGN_PERMANENT_RESIDENCE
}
