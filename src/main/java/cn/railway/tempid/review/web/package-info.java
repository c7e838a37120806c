/**
 * The reviews' REST API ({@code ReviewController}, {@code /api/v1/reviews}): request mapping and
 * validation; uses the review tasks of {@code process/} and the case files port of the feature.
 */
package cn.railway.tempid.review.web;
