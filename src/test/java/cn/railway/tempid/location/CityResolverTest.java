package cn.railway.tempid.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CityResolverTest {

  private static final CityResolver RESOLVER = CityResolver.fromClasspath();

  private static final Set<String> MAINLAND_PROVINCES =
      Set.of(
          "北京市",
          "天津市",
          "上海市",
          "重庆市",
          "河北省",
          "山西省",
          "辽宁省",
          "吉林省",
          "黑龙江省",
          "江苏省",
          "浙江省",
          "安徽省",
          "福建省",
          "江西省",
          "山东省",
          "河南省",
          "湖北省",
          "湖南省",
          "广东省",
          "海南省",
          "四川省",
          "贵州省",
          "云南省",
          "陕西省",
          "甘肃省",
          "青海省",
          "内蒙古自治区",
          "广西壮族自治区",
          "西藏自治区",
          "宁夏回族自治区",
          "新疆维吾尔自治区");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "天安门, 39.9042, 116.4074, 北京市",
    "上海人民广场, 31.2304, 121.4737, 上海市",
    "广州, 23.1291, 113.2644, 广州市",
    "深圳福田, 22.5431, 114.0579, 深圳市",
    "乌鲁木齐, 43.8256, 87.6168, 乌鲁木齐市",
    "拉萨布达拉宫, 29.6578, 91.1170, 拉萨市",
    "哈尔滨, 45.8038, 126.5349, 哈尔滨市",
    "三亚, 18.2528, 109.5120, 三亚市",
    "重庆解放碑, 29.5579, 106.5774, 重庆市",
    "延吉, 42.9048, 129.5089, 延边朝鲜族自治州",
    "锡林浩特, 43.9333, 116.0480, 锡林郭勒盟",
    "狮泉河, 32.5032, 80.1055, 阿里地区",
    "石河子, 44.3059, 86.0411, 石河子市",
  })
  void resolvesWellKnownMainlandPoints(String place, double lat, double lon, String expected) {
    assertThat(RESOLVER.resolve(lat, lon))
        .get()
        .satisfies(city -> assertThat(city.name()).isEqualTo(expected))
        .satisfies(city -> assertThat(city.mainland()).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "香港中环, 22.2819, 114.1582, 香港特别行政区",
    "澳门议事亭前地, 22.1935, 113.5400, 澳门特别行政区",
    "台北101, 25.0330, 121.5654, 台北市",
    "高雄, 22.6273, 120.3014, 高雄市",
  })
  void resolvesHongKongMacauAndTaiwanAsNonMainland(
      String place, double lat, double lon, String expected) {
    assertThat(RESOLVER.resolve(lat, lon))
        .get()
        .satisfies(city -> assertThat(city.name()).isEqualTo(expected))
        .satisfies(city -> assertThat(city.mainland()).isFalse());
  }

  /** Remote points far from any seat must still resolve with the default distance. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "羌塘北部, 35.85, 87.20",
    "五道梁, 35.20, 93.08",
    "漠河北极村, 53.47, 122.35",
    "额济纳旗, 41.95, 101.07",
    "二连浩特, 43.65, 111.98",
    "樟木, 27.99, 85.98",
  })
  void resolvesRemoteMainlandPoints(String place, double lat, double lon) {
    assertThat(RESOLVER.resolve(lat, lon))
        .get()
        .satisfies(city -> assertThat(city.mainland()).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "东京, 35.6762, 139.6503",
    "太平洋中部, 0.0, -160.0",
    "夏威夷以北海域, 30.0, -150.0",
    "零点, 0.0, 0.0",
    "乌兰巴托, 47.8864, 106.9057",
    "马尼拉, 14.5995, 120.9842",
    "曼谷, 13.7563, 100.5018",
    "南极, -90.0, 180.0",
  })
  void returnsEmptyFarFromAnySeat(String place, double lat, double lon) {
    assertThat(RESOLVER.resolve(lat, lon)).isEmpty();
  }

  @Test
  void rejectsInvalidCoordinates() {
    double[][] invalid = {
      {Double.NaN, 116.0},
      {39.0, Double.NaN},
      {Double.POSITIVE_INFINITY, 116.0},
      {39.0, Double.NEGATIVE_INFINITY},
      {90.0001, 0.0},
      {-91.0, 0.0},
      {0.0, 180.5},
      {0.0, -181.0}
    };
    for (double[] p : invalid) {
      assertThatThrownBy(() -> RESOLVER.resolve(p[0], p[1]))
          .as("(%s, %s)", p[0], p[1])
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void honoursCustomMaximumDistance() {
    City beijing = new City("110000", "北京市", "北京市", 39.9042, 116.4074, true);
    CityResolver resolver = new CityResolver(List.of(beijing), 100);
    // 天津 is about 110 km from 天安门
    assertThat(resolver.resolve(39.0842, 117.2010)).isEmpty();
    assertThat(resolver.resolve(39.5, 116.7)).contains(beijing);
    assertThat(new CityResolver(List.of()).resolve(39.9, 116.4)).isEmpty();
    assertThatThrownBy(() -> new CityResolver(List.of(beijing), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataFileIsConsistent() {
    List<City> cities = CityResolver.loadClasspath();
    assertThat(RESOLVER.cities()).isEqualTo(cities);

    Set<String> adcodes = new HashSet<>();
    Set<String> namesInProvince = new HashSet<>();
    for (City city : cities) {
      assertThat(city.adcode()).as(city.name()).matches("\\d{6}");
      assertThat(adcodes.add(city.adcode())).as("duplicate adcode %s", city.adcode()).isTrue();
      assertThat(namesInProvince.add(city.province() + "/" + city.name()))
          .as("duplicate name %s in %s", city.name(), city.province())
          .isTrue();
      assertThat(city.name()).isNotBlank();
      if (city.mainland()) {
        assertThat(MAINLAND_PROVINCES).as(city.name()).contains(city.province());
        // 三沙市's seat is on 永兴岛 (16.8°N), south of the box.
        double minLatitude = city.adcode().equals("460300") ? 15.0 : 18.0;
        assertThat(city.latitude()).as(city.name()).isBetween(minLatitude, 54.0);
        assertThat(city.longitude()).as(city.name()).isBetween(73.0, 136.0);
      } else {
        assertThat(city.province()).isIn("香港特别行政区", "澳门特别行政区", "台湾省");
      }
    }

    List<City> mainland = cities.stream().filter(City::mainland).toList();
    assertThat(mainland).hasSizeGreaterThanOrEqualTo(330);
    assertThat(mainland.stream().map(City::province).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(MAINLAND_PROVINCES);

    Map<String, Set<String>> prefixesByProvince =
        cities.stream()
            .collect(
                Collectors.groupingBy(
                    City::province,
                    Collectors.mapping(c -> c.adcode().substring(0, 2), Collectors.toSet())));
    prefixesByProvince.forEach(
        (province, prefixes) ->
            assertThat(prefixes).as("adcode prefixes of %s", province).hasSize(1));

    assertThat(cities)
        .extracting(City::name)
        .contains(
            "北京市",
            "天津市",
            "上海市",
            "重庆市",
            "延边朝鲜族自治州",
            "锡林郭勒盟",
            "阿里地区",
            "济源市",
            "仙桃市",
            "石河子市",
            "香港特别行政区",
            "澳门特别行政区",
            "台北市");
  }
}
