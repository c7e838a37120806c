/**
 * Offline resolution of device coordinates to a prefecture-level city of China.
 *
 * <p>{@link cn.railway.tempid.location.CityResolver} picks the division whose seat is nearest to
 * the given WGS84 point (haversine distance, linear scan). It is an approximation, not a
 * point-in-polygon test: near a prefecture boundary the neighbouring prefecture may be returned,
 * and points abroad close to the border resolve to a Chinese city. Points with no seat within the
 * maximum distance resolve to nothing. See {@code CityResolver} for the choice of the default.
 *
 * <h2>Data</h2>
 *
 * {@code src/main/resources/location/cities.csv}, UTF-8, one header line, comma separated, no
 * quoting: {@code adcode,name,province,latitude,longitude,mainland}.
 *
 * <ul>
 *   <li>One row per mainland prefecture-level division (地级市, 自治州, 地区, 盟), the four municipalities
 *       as single rows (110000 北京市, 120000 天津市, 310000 上海市, 500000 重庆市), and the
 *       province-administered county-level units of 河南 (济源市), 湖北 (仙桃市, 潜江市, 天门市, 神农架林区), 海南 (all of
 *       them) and 新疆 (the older corps cities 石河子市, 阿拉尔市, 图木舒克市, 五家渠市, 北屯市). Names and codes follow
 *       GB/T 2260 as published by the Ministry of Civil Affairs.
 *   <li>Coordinates are the seat of the division's government / its urban centre, 4 decimals. Two
 *       seats lie outside the normal mainland box: 三沙市 (永兴岛, 16.8°N), and 大兴安岭地区, whose seat 加格达奇
 *       is administered by 黑龙江省 but lies on land of 内蒙古自治区.
 *   <li>Rows with {@code mainland=false} exist so that coordinates there resolve to a non-mainland
 *       place rather than to the nearest mainland city: 香港特别行政区 (810000), 澳门特别行政区 (820000) and four
 *       points in 台湾省 (台北市, 台中市, 高雄市, 花莲县). GB/T 2260 defines only 710000 for Taiwan; the sub-codes
 *       used here (710100, 710200, 710400, 712600) follow a convention found in common Chinese
 *       address data sets and have no official standing. 金门 and 马祖 have no row and resolve to the
 *       facing mainland city.
 * </ul>
 *
 * <h2>Updating</h2>
 *
 * When the Ministry of Civil Affairs publishes a change (a new prefecture-level city, a rename, a
 * merger such as 莱芜 into 济南 in 2019), edit the CSV: keep the code of the new list, put the
 * coordinates of the new seat, and run {@code CityResolverTest}, which checks the file's integrity
 * (unique 6-digit codes, province prefixes, the 31 provincial-level divisions, coordinate range).
 * Seats were checked to lie inside their own prefecture's outline; re-check any new row on a map.
 */
package cn.railway.tempid.location;
