/**
 * Persistence helpers shared by the features (ids, SQL helpers); each feature owns its own tables.
 */
package cn.railway.tempid.shared.persistence;
