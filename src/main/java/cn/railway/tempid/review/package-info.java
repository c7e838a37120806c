/**
 * Review (R7): the {@code approval} DMN table, and manual reviews by the {@code reviewers} group
 * (Tasklist or {@code /api/v1/reviews}, in {@code web/}); task glue in {@code process/}.
 */
package cn.railway.tempid.review;
