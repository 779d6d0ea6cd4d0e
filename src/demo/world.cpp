#include "demo/world.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <span>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "access/principal.hpp"
#include "core/text.hpp"
#include "core/traits.hpp"
#include "declaration/field_index.hpp"
#include "declaration/fields.hpp"
#include "declaration/sample.hpp"

namespace tidu::demo {
namespace {

using declaration::Declaration;
using declaration::Enterprise;

// ---------------------------------------------------------------------------------------------
// The cast: one row per demo enterprise. Names are composed as place + brand + trade + suffix;
// the factory is named after the product. The GB/T 4754 中类 fits the trade, the coarse sector
// is an item of the round form's list (or 其他 with the written sector).

struct EnterpriseSpec {
  std::string_view round;
  std::string_view region;
  std::string_view place;  ///< the place word of the name (city, county or province)
  std::string_view brand;
  std::string_view slug;   ///< the brand in pinyin, for the e-mail domain
  std::string_view trade;  ///< the industry words of the name
  std::string_view suffix;
  std::string_view product;  ///< the main product; names the factory
  std::string_view group;    ///< GB/T 4754-2017 中类; the 大类 is its first two digits
  std::string_view sector;
  std::string_view sector_other;
  std::string_view ownership;
  int employees;
  int revenue;  ///< 万元 in the round's last financial year
  std::string_view founded;
  DemoState state;
  std::string_view title;  ///< a title kind the enterprise holds, or empty
  int title_year;
  std::string_view recognition;  ///< an earlier tier: basic is a self-evaluation, else recognised
  int recognition_year;
};

constexpr std::string_view kLtd = "有限公司";
constexpr std::string_view kCorp = "股份有限公司";

constexpr std::string_view kFj = "fj-2025-advanced";
constexpr std::string_view kSn = "sn-2024-excellent";
constexpr std::string_view kHb = "hb-tianmen-2026-basic";
constexpr std::string_view kJx = "jx-2025-advanced";

using S = DemoState;

// clang-format off
constexpr std::array kCast = {
  // 福建省 先进级 (福州市's 县市区 and 高新区): route county → city → province.
  EnterpriseSpec{kFj, "350181", "福清", "融锦", "rongjin", "新能源科技", kCorp, "动力锂电池", "384", "装备制造", "", "private", 1380, 86500, "2012-06-18", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350121", "福州", "闽瑞", "minrui", "汽车部件", kLtd, "汽车底盘零部件", "367", "装备制造", "", "private", 620, 38000, "2008-03-12", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350105", "福州", "马江", "majiang", "船舶重工", kLtd, "高技术船舶分段", "373", "装备制造", "", "local_soe", 1120, 52000, "1998-09-01", S::kSubmitted, "provincial_demo_factory", 2022, "basic", 2024},
  EnterpriseSpec{kFj, "350104", "福州", "榕泰", "rongtai", "电气", kLtd, "智能配电设备", "382", "装备制造", "", "private", 480, 26000, "2010-11-05", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350102", "福州", "联讯", "lianxun", "通信设备", kCorp, "5G通信模组", "392", "电子信息", "", "private", 950, 67000, "2007-01-19", S::kSubmitted, "provincial_model_factory", 2021, "basic", 2024},
  EnterpriseSpec{kFj, "3501Z1", "福州", "星海", "xinghai", "光电科技", kCorp, "光通信器件", "397", "电子信息", "", "foreign_invested", 760, 41000, "2014-04-22", S::kDraftComplete, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350122", "连江", "海纳", "haina", "食品", kLtd, "海洋水产品精深加工", "136", "消费品", "", "private", 540, 32000, "2006-07-30", S::kDraftComplete, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350112", "长乐", "恒荣", "hengrong", "化纤", kCorp, "差别化锦纶纤维", "282", "原材料", "", "private", 1650, 120000, "2003-05-16", S::kDraftComplete, "", 0, "basic", 2023},
  EnterpriseSpec{kFj, "350111", "福州", "鑫岳", "xinyue", "精密机械", kLtd, "数控机床功能部件", "342", "装备制造", "", "private", 350, 18500, "2011-09-09", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350123", "罗源", "坤岳", "kunyue", "钢铁", kLtd, "高强度螺纹钢", "313", "原材料", "", "private", 2100, 310000, "2004-12-01", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350124", "闽清", "德嘉", "dejia", "陶瓷", kLtd, "建筑陶瓷砖", "307", "原材料", "", "private", 420, 15800, "2009-02-14", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350103", "福州", "闽都", "mindu", "服饰", kLtd, "智能制衣", "181", "消费品", "", "private", 880, 23000, "2005-05-05", S::kWithdrawn, "", 0, "basic", 2024},
  EnterpriseSpec{kFj, "350125", "永泰", "青云", "qingyun", "药业", kLtd, "中成药制剂", "274", "其他", "医药", "private", 310, 9800, "2013-08-08", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kFj, "350128", "平潭", "蓝屿", "lanyu", "游艇制造", kLtd, "玻璃钢游艇", "373", "装备制造", "", "private", 260, 8600, "2016-10-10", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kFj, "350121", "闽侯", "盛丰", "shengfeng", "铝业", kLtd, "工业铝型材", "325", "原材料", "", "private", 720, 54000, "2002-04-11", S::kNone, "", 0, "basic", 2024},
  // 陕西省 卓越级: route city (工信 with 发改、财政、国资、市场监管、数据) → province → 工信部.
  EnterpriseSpec{kSn, "610100", "西安", "秦航", "qinhang", "精密制造", kCorp, "航空发动机精密构件", "374", "装备制造", "", "local_soe", 3200, 286000, "1996-08-08", S::kSubmitted, "national_demo_factory", 2022, "advanced", 2024},
  EnterpriseSpec{kSn, "610100", "西安", "华岳", "huayue", "电气", kCorp, "高压开关设备", "382", "装备制造", "", "private", 1850, 152000, "2001-03-15", S::kSubmitted, "provincial_smart_factory", 2023, "advanced", 2024},
  EnterpriseSpec{kSn, "610100", "西安", "芯源", "xinyuan", "半导体", kLtd, "功率半导体器件", "397", "电子信息", "", "foreign_invested", 2600, 420000, "2005-06-01", S::kSubmitted, "national_demo_factory", 2021, "advanced", 2024},
  EnterpriseSpec{kSn, "610300", "宝鸡", "金岭", "jinling", "钛业", kCorp, "钛及钛合金板带材", "325", "原材料", "", "local_soe", 2300, 198000, "1999-07-01", S::kSubmitted, "provincial_smart_factory", 2022, "advanced", 2024},
  EnterpriseSpec{kSn, "610400", "咸阳", "泾渭", "jingwei", "电子材料", kCorp, "液晶显示玻璃基板", "398", "电子信息", "", "private", 1250, 71000, "2008-08-08", S::kSubmitted, "provincial_demo_enterprise", 2024, "advanced", 2024},
  EnterpriseSpec{kSn, "610100", "西安", "锦程", "jincheng", "汽车部件", kLtd, "新能源汽车电驱系统", "367", "装备制造", "", "private", 1500, 98000, "2009-09-19", S::kDraftComplete, "provincial_demo_enterprise", 2022, "advanced", 2024},
  EnterpriseSpec{kSn, "610300", "宝鸡", "岐丰", "qifeng", "数控机床", kLtd, "五轴联动数控机床", "342", "装备制造", "", "private", 1100, 62000, "2003-10-10", S::kDraftComplete, "provincial_demo_enterprise", 2023, "advanced", 2024},
  EnterpriseSpec{kSn, "61Z001", "杨凌", "稷丰", "jifeng", "饲料", kCorp, "生物发酵饲料", "132", "消费品", "", "private", 680, 45000, "2010-05-05", S::kDraftComplete, "provincial_demo_enterprise", 2023, "", 0},
  EnterpriseSpec{kSn, "610100", "西安", "丝路", "silu", "光伏科技", kLtd, "高效光伏组件", "382", "装备制造", "", "private", 1200, 76000, "2015-03-03", S::kDraftIncomplete, "provincial_smart_factory", 2024, "advanced", 2024},
  EnterpriseSpec{kSn, "610400", "咸阳", "渭风", "weifeng", "纺织", kLtd, "高支精梳棉纱", "171", "消费品", "", "local_soe", 1400, 43000, "1992-04-18", S::kDraftIncomplete, "provincial_smart_factory", 2021, "advanced", 2024},
  EnterpriseSpec{kSn, "610500", "渭南", "东秦", "dongqin", "化工", kLtd, "新型复合肥料", "262", "原材料", "", "local_soe", 1350, 105000, "1997-11-11", S::kDraftIncomplete, "provincial_demo_enterprise", 2022, "advanced", 2024},
  EnterpriseSpec{kSn, "610400", "咸阳", "嘉禾", "jiahe", "制药", kLtd, "口服固体制剂", "272", "其他", "医药", "private", 900, 56000, "2006-12-12", S::kWithdrawn, "provincial_smart_factory", 2021, "advanced", 2024},
  EnterpriseSpec{kSn, "610300", "宝鸡", "西岐", "xiqi", "石油机械", kLtd, "石油钻采装备", "351", "装备制造", "", "local_soe", 1600, 88000, "1994-05-20", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kSn, "610403", "杨凌", "后稷", "houji", "农业装备", kLtd, "智能节水灌溉设备", "357", "装备制造", "", "private", 520, 28000, "2012-07-07", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kSn, "610700", "汉中", "天汉", "tianhan", "航空部件", kLtd, "航空机载结构件", "374", "装备制造", "", "central_soe", 1900, 112000, "2000-09-26", S::kNone, "provincial_smart_factory", 2020, "", 0},
  // 湖北省天门市 基础级: route township (乡镇、办事处、开发区) → city (市经信局).
  EnterpriseSpec{kHb, "429006Z01", "天门", "陆羽", "luyu", "茶业", kLtd, "精制绿茶", "153", "消费品", "", "private", 180, 12600, "2011-04-20", S::kSubmitted, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006Z01", "天门", "华瑞", "huarui", "药业", kCorp, "化学药品制剂", "272", "其他", "医药", "private", 650, 48000, "2004-10-08", S::kSubmitted, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006107", "天门", "岳兴", "yuexing", "纺织", kLtd, "气流纺棉纱", "171", "消费品", "", "private", 420, 21000, "2007-03-22", S::kSubmitted, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006118", "天门", "鑫泰", "xintai", "泵业", kLtd, "工业离心泵", "344", "装备制造", "", "private", 230, 9800, "2012-08-15", S::kSubmitted, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006100", "天门", "楚江", "chujiang", "建材", kLtd, "预拌混凝土构件", "302", "原材料", "", "private", 190, 8800, "2014-06-30", S::kSubmitted, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006100", "湖北", "金禾", "jinhe", "米业", kLtd, "优质大米", "131", "消费品", "", "private", 160, 26000, "2009-09-09", S::kDraftComplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006001", "天门", "楚韵", "chuyun", "服饰", kLtd, "针织运动服装", "182", "消费品", "", "private", 520, 15500, "2010-01-16", S::kDraftComplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006Z01", "湖北", "兴楚", "xingchu", "电机", kLtd, "高效节能电机", "381", "装备制造", "", "private", 380, 23000, "2013-05-27", S::kDraftComplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006107", "天门", "锦岳", "jinyue", "针织", kLtd, "针织面料", "176", "消费品", "", "private", 260, 7800, "2015-11-03", S::kDraftIncomplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006100", "天门", "宏远", "hongyuan", "新材料", kLtd, "塑料管材", "292", "原材料", "", "private", 140, 5600, "2016-02-25", S::kDraftIncomplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006118", "天门", "春晖", "chunhui", "汽车零部件", kLtd, "汽车冲压件", "367", "装备制造", "", "private", 310, 18800, "2012-12-12", S::kDraftIncomplete, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006Z01", "天门", "鼎峰", "dingfeng", "电子科技", kLtd, "片式电感器", "398", "电子信息", "", "private", 450, 31000, "2017-07-17", S::kWithdrawn, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006Z01", "湖北", "天盛", "tiansheng", "化工", kCorp, "水处理剂", "266", "原材料", "", "private", 720, 68000, "2005-08-08", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006001", "天门", "竟成", "jingcheng", "包装印务", kLtd, "瓦楞纸箱", "223", "消费品", "", "private", 120, 4200, "2018-03-08", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kHb, "429006107", "湖北", "岳丰", "yuefeng", "食品", kLtd, "休闲卤制品", "149", "消费品", "", "private", 210, 11200, "2015-09-19", S::kNone, "", 0, "", 0},
  // 江西省 先进级: route city (设区市工信局、赣江新区经发局) → province.
  EnterpriseSpec{kJx, "360100", "南昌", "赣航", "ganhang", "航空部件", kLtd, "航空机身部件", "374", "航空", "", "local_soe", 1450, 96000, "2002-06-06", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360100", "江西", "豫章", "yuzhang", "药业", kCorp, "中药配方颗粒", "274", "医药", "", "private", 980, 72000, "1999-12-28", S::kSubmitted, "jiangxi_benchmark", 2022, "basic", 2024},
  EnterpriseSpec{kJx, "360200", "景德镇", "瓷源", "ciyuan", "陶瓷", kCorp, "高档日用陶瓷", "307", "建材", "", "private", 860, 35000, "2006-05-18", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360400", "九江", "庐峰", "lufeng", "新材料", kLtd, "有机硅单体", "265", "石化化工", "", "private", 1100, 132000, "2008-10-10", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360600", "鹰潭", "瑞铜", "ruitong", "精密铜材", kLtd, "精密铜板带", "325", "有色金属", "", "private", 760, 150000, "2010-03-15", S::kSubmitted, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360300", "萍乡", "萍实", "pingshi", "化工填料", kLtd, "规整化工填料", "266", "石化化工", "", "private", 420, 18600, "2005-04-04", S::kDraftComplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360500", "新余", "钰锋", "yufeng", "特钢", kLtd, "优质特钢棒材", "313", "钢铁", "", "local_soe", 2800, 360000, "1995-08-01", S::kDraftComplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360700", "赣州", "康居", "kangju", "家具", kLtd, "实木定制家具", "211", "现代家具", "", "private", 650, 24000, "2012-02-20", S::kDraftComplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360700", "赣州", "虔丰", "qianfeng", "稀土新材料", kCorp, "稀土永磁材料", "323", "有色金属", "", "local_soe", 1300, 186000, "2001-11-11", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360800", "吉安", "庐陵", "luling", "电子科技", kLtd, "高密度印制电路板", "398", "电子信息", "", "private", 1200, 64000, "2011-07-01", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "36Z001", "江西", "新瑞", "xinrui", "智能装备", kLtd, "智能物流输送设备", "343", "装备制造", "", "private", 340, 16500, "2016-06-16", S::kDraftIncomplete, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "361100", "上饶", "信江", "xinjiang", "光伏科技", kCorp, "N型光伏电池", "382", "新能源", "", "private", 1500, 210000, "2014-09-09", S::kWithdrawn, "", 0, "basic", 2024},
  EnterpriseSpec{kJx, "360900", "宜春", "明月", "mingyue", "新能源", kLtd, "磷酸铁锂电池", "384", "新能源", "", "private", 900, 88000, "2015-05-20", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kJx, "361000", "抚州", "临川", "linchuan", "食品", kLtd, "酿造酱油", "146", "食品", "", "private", 280, 9200, "2008-08-18", S::kNone, "", 0, "", 0},
  EnterpriseSpec{kJx, "360100", "南昌", "洪城", "hongcheng", "服饰", kLtd, "商务男装", "181", "纺织服装", "", "private", 1050, 42000, "2003-03-03", S::kNone, "", 0, "basic", 2024},
};
// clang-format on

/// Experts in six or more cities, with employer and specialities.
struct ExpertSpec {
  std::string_view name;
  std::string_view region;
  std::string_view employer;
  std::array<std::string_view, 2> specialities;
};

constexpr std::array kExperts = {
    ExpertSpec{"陈立新", "350100", "福州大学机械工程及自动化学院", {"智能制造系统", "数字孪生"}},
    ExpertSpec{"王海峰", "610100", "西安交通大学机械工程学院", {"工业互联网", "高端装备"}},
    ExpertSpec{"李雪梅", "420100", "华中科技大学机械科学与工程学院", {"工业软件", "制造执行系统"}},
    ExpertSpec{"赵建华", "360100", "南昌大学先进制造学院", {"工业机器人", "质量管控"}},
    ExpertSpec{"周文斌", "350200", "厦门大学航空航天学院", {"能碳管理", "设备管理"}},
    ExpertSpec{"孙晓燕", "610700", "陕西理工大学机械工程学院", {"装备数字化", "精益生产"}},
    ExpertSpec{
        "刘国庆", "360700", "江西理工大学材料冶金化学学部", {"有色金属冶炼智能化", "过程控制"}},
    ExpertSpec{"何敏", "420500", "三峡大学电气与新能源学院", {"能源管理", "安全管控"}},
};

/// Fictional integrators per province prefix, for scenario suppliers.
struct IntegratorPool {
  std::string_view province;
  std::array<std::string_view, 3> names;
};

constexpr std::array kIntegrators = {
    IntegratorPool{
        "35",
        {"福州云枢数字科技有限公司", "福建海创智能系统集成有限公司", "厦门鹭芯工业软件有限公司"}},
    IntegratorPool{"61",
                   {"西安秦智工业互联网科技有限公司", "陕西长安数智系统集成有限公司",
                    "西安丝绸之路智造软件有限公司"}},
    IntegratorPool{"42",
                   {"武汉楚天工业互联网科技有限公司", "湖北汉江智能系统集成有限公司",
                    "天门数智产业服务有限公司"}},
    IntegratorPool{
        "36",
        {"南昌赣鑫智能科技有限公司", "江西洪城工业互联网有限公司", "赣州章江数字技术有限公司"}},
};

constexpr std::array<std::string_view, 3> kFallbackIntegrators = {
    "华拓工业互联网科技有限公司", "启明智能系统集成有限公司", "远航工业软件有限公司"};

/// ASCII slugs of the region codes the demo uses, for user names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 45> kSlugs = {{
    {"350000", "fj"},          {"610000", "sn"},         {"420000", "hb"},
    {"360000", "jx"},          {"350100", "fuzhou"},     {"350102", "gulou"},
    {"350103", "taijiang"},    {"350104", "cangshan"},   {"350105", "mawei"},
    {"350111", "jinan"},       {"350112", "changle"},    {"350121", "minhou"},
    {"350122", "lianjiang"},   {"350123", "luoyuan"},    {"350124", "minqing"},
    {"350125", "yongtai"},     {"350128", "pingtan"},    {"350181", "fuqing"},
    {"3501Z1", "gaoxin"},      {"610100", "xian"},       {"610300", "baoji"},
    {"610400", "xianyang"},    {"610500", "weinan"},     {"610700", "hanzhong"},
    {"61Z001", "yangling"},    {"610403", "yangling"},   {"429006", "tianmen"},
    {"429006001", "jingling"}, {"429006100", "duobao"},  {"429006107", "yuekou"},
    {"429006118", "zaoshi"},   {"429006Z01", "kaifaqu"}, {"360100", "nanchang"},
    {"360200", "jingdezhen"},  {"360300", "pingxiang"},  {"360400", "jiujiang"},
    {"360500", "xinyu"},       {"360600", "yingtan"},    {"360700", "ganzhou"},
    {"360800", "jian"},        {"360900", "yichun"},     {"361000", "fuzhou"},
    {"361100", "shangrao"},    {"36Z001", "ganjiang"},   {"420100", "wuhan"},
}};

/// Telephone area codes by city-level unit.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kAreaCodes = {{
    {"350100", "0591"}, {"350200", "0592"}, {"610100", "029"},  {"610300", "0917"},
    {"610400", "029"},  {"61Z001", "029"},  {"610500", "0913"}, {"610700", "0916"},
    {"429006", "0728"}, {"420100", "027"},  {"360100", "0791"}, {"360200", "0798"},
    {"360300", "0799"}, {"360400", "0792"}, {"360500", "0790"}, {"360600", "0701"},
    {"360700", "0797"}, {"360800", "0796"}, {"360900", "0795"}, {"361000", "0794"},
    {"361100", "0793"}, {"36Z001", "0791"},
}};

/// The departments of a city or county and their ASCII slugs.
struct Department {
  std::string_view authority;
  std::string_view city;    ///< name suffix at city level
  std::string_view county;  ///< name suffix at county level and in functional zones
  std::string_view slug;
};

constexpr std::array kDepartments = {
    Department{"工信", "工业和信息化局", "工业和信息化局", "gxj"},
    Department{"经信", "经济和信息化局", "经济和信息化局", "jxj"},
    Department{"发改", "发展和改革委员会", "发展和改革局", "fgw"},
    Department{"财政", "财政局", "财政局", "czj"},
    Department{"国资", "人民政府国有资产监督管理委员会", "国有资产监督管理局", "gzw"},
    Department{"市场监管", "市场监督管理局", "市场监督管理局", "scjgj"},
    Department{"数据", "数据局", "数据局", "sjj"},
};

constexpr std::array<std::string_view, 30> kSurnames = {
    "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
constexpr std::array<std::string_view, 29> kGivenNames = {
    "建国", "志强", "海涛", "丽华", "晓明", "国华", "文军", "春燕", "永红", "卫东",
    "振华", "秀英", "俊杰", "立新", "红梅", "德胜", "玉兰", "宏伟", "建平", "淑芬",
    "明辉", "海燕", "伟",   "静",   "磊",   "敏",   "军",   "芳",   "勇"};
constexpr std::array<std::string_view, 19> kMobilePrefixes = {
    "138", "139", "135", "136", "137", "150", "151", "152", "158", "159",
    "186", "187", "188", "189", "133", "177", "180", "181", "199"};
constexpr std::array<std::string_view, 8> kRoads = {"创新路", "工业大道", "科技东路", "兴业大道",
                                                    "滨江路", "经开大道", "高新四路", "产业园路"};
constexpr std::array<std::string_view, 5> kLegalTitles = {"董事长", "总经理", "执行董事",
                                                          "董事长兼总经理", "总裁"};
constexpr std::array<std::string_view, 6> kContactTitles = {"智能制造部部长",   "信息中心主任",
                                                            "总经理助理",       "企业管理部经理",
                                                            "数字化办公室主任", "技术中心副主任"};
constexpr std::array<std::string_view, 3> kRatings = {"AAA", "AA", "A"};

// ---------------------------------------------------------------------------------------------
// Small helpers.

std::string lookup(std::span<const std::pair<std::string_view, std::string_view>> table,
                   std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return std::string(v);
  }
  return {};
}

std::string ascii_lower(std::string_view s) {
  std::string out;
  for (const char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string region_slug(std::string_view code) {
  auto slug = lookup(kSlugs, code);
  return slug.empty() ? "r" + ascii_lower(code) : slug;
}

std::string province_slug(std::string_view code) {
  const std::string province = std::string(code.substr(0, 2)) + "0000";
  auto slug = lookup(kSlugs, province);
  return slug.empty() ? "p" + std::string(code.substr(0, 2)) : slug;
}

const Department* department(std::string_view authority) {
  const auto it = std::find_if(kDepartments.begin(), kDepartments.end(),
                               [&](const Department& d) { return d.authority == authority; });
  return it == kDepartments.end() ? nullptr : &*it;
}

std::string person_name(std::size_t i) {
  return fmt::format("{}{}", kSurnames[i % kSurnames.size()],
                     kGivenNames[(i * 7 + i / kSurnames.size()) % kGivenNames.size()]);
}

std::string mobile(std::size_t i) {
  const std::uint64_t digits = (i * 7919ULL * 104729ULL + 23456789ULL) % 100000000ULL;
  return fmt::format("{}{:08}", kMobilePrefixes[i % kMobilePrefixes.size()], digits);
}

std::string area_code(const catalogue::RegionTree& regions, std::string_view region) {
  auto path = regions.path(region);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    auto code = lookup(kAreaCodes, (*it)->code);
    if (!code.empty()) return code;
  }
  return "010";
}

std::string landline(const std::string& area, std::size_t i) {
  const std::uint64_t n = (i * 15485863ULL + 8765432ULL);
  if (area.size() == 3 || area == "0591" || area == "0791")
    return fmt::format("{}-8{:07}", area, n % 10000000ULL);
  return fmt::format("{}-8{:06}", area, n % 1000000ULL);
}

/// "福建省福州市闽侯县" — the region's path as one place name.
std::string place_name(const catalogue::RegionTree& regions, std::string_view code) {
  std::string out;
  for (const auto* r : regions.path(code)) out += r->name;
  return out;
}

std::string six_digit_ancestor(const catalogue::RegionTree& regions, std::string_view code) {
  auto path = regions.path(code);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    const auto& c = (*it)->code;
    if (c.size() == 6 &&
        std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return c;
  }
  return std::string(code.substr(0, 6));
}

std::chrono::year_month_day day_of(time::Instant t) { return time::beijing_date(t); }

/// An instant at the given hour of a Beijing-time calendar day.
time::Instant beijing(std::chrono::year_month_day day, int hour) {
  return time::Instant{std::chrono::sys_days{day}} + std::chrono::hours{hour - 8};
}

std::string fit(std::string_view s, std::optional<std::size_t> limit) {
  if (!limit) return std::string(s);
  std::size_t n = text::length(s);
  while (n > 0 && text::count_zi(text::prefix(s, n)) > *limit) --n;
  return std::string(text::prefix(s, n));
}

/// Replaces every occurrence of each key, longest keys first.
void replace_all(std::string& s, const std::vector<std::pair<std::string, std::string>>& map) {
  for (const auto& [from, to] : map) {
    if (from.empty() || from == to) continue;
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size())) {
      s.replace(pos, from.size(), to);
    }
  }
}

/// Substitutes names in every text of a declaration part (declaration/fields.hpp visitor).
class Substitute {
 public:
  explicit Substitute(std::vector<std::pair<std::string, std::string>> map) : map_(std::move(map)) {
    std::sort(map_.begin(), map_.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }

  template <class M>
  void operator()(std::string_view /*key*/, M& member, std::string_view /*doc*/) {
    apply(member);
  }

  template <class M>
  void apply(M& member) {
    if constexpr (std::is_same_v<M, std::string>) {
      replace_all(member, map_);
    } else if constexpr (IsVector<M>::value) {
      for (auto& e : member) apply(e);
    } else if constexpr (std::is_class_v<M> && !IsOptional<M>::value) {
      declaration::visit(*this, member);
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> map_;
};

/// Cuts every text of a declaration to the form's 字 limit for its path.
class FitToForm {
 public:
  explicit FitToForm(const rounds::FormTemplate& form) : rules_(form.rules_by_slot) {
    stack_.push_back({&declaration::field_tree(), 0});
  }

  template <class M>
  void operator()(std::string_view /*key*/, M& member, std::string_view /*doc*/) {
    auto& top = stack_.back();
    const declaration::FieldNode& node = top.node->children[top.next++];
    const auto slot = static_cast<std::size_t>(node.slot);
    if constexpr (std::is_same_v<M, std::string>) {
      if (slot < rules_.size() && !rules_[slot].path.empty())
        member = fit(member, rules_[slot].limit);
    } else if constexpr (IsVector<M>::value) {
      if constexpr (std::is_class_v<typename IsVector<M>::Element> &&
                    !std::is_same_v<typename IsVector<M>::Element, std::string>) {
        for (auto& e : member) {
          stack_.push_back({&node, 0});
          declaration::visit(*this, e);
          stack_.pop_back();
        }
      }
    } else if constexpr (std::is_class_v<M> && !IsOptional<M>::value) {
      stack_.push_back({&node, 0});
      declaration::visit(*this, member);
      stack_.pop_back();
    }
  }

 private:
  struct Frame {
    const declaration::FieldNode* node;
    std::size_t next;
  };
  const std::vector<rounds::FieldSpec>& rules_;
  std::vector<Frame> stack_;
};

std::optional<std::size_t> limit_of(const rounds::FormTemplate& form, const std::string& pattern) {
  auto it = form.rules.find(pattern);
  return it == form.rules.end() ? std::nullopt : it->second.limit;
}

/// The region levels of a round's route, lowest first (nation levels are not regions).

/// The organisation a unit of a level is, named for a reviewer's display name.
std::string organisation(const rounds::Round& round, const rounds::Level& level,
                         const catalogue::Region& unit, std::string_view authority) {
  const bool lead = authority == level.authority;
  if (lead) {
    for (const auto& relay : round.relays) {
      if (relay.region == unit.code && !relay.issuer.empty()) return relay.issuer;
    }
    if (unit.code == round.region) return level.name;
  }
  if (authority == "乡镇") {
    if (unit.kind == "zone") return unit.name + "管理委员会";
    if (unit.name.ends_with("街道")) return unit.name + "办事处";
    return unit.name + "人民政府";
  }
  if (unit.kind == "province") {
    if (authority == "工信") return unit.name + "工业和信息化厅";
    return fmt::format("{}{}主管部门", unit.name, authority);
  }
  const auto* dept = department(authority);
  if (dept == nullptr) return fmt::format("{}{}主管部门", unit.name, authority);
  if (unit.kind == "zone") {
    // A zone's 管委会 has an economic development bureau where a city has its 工信 department
    // (seed 003: 设区市工信局、赣江新区经发局).
    if (lead && (authority == "工信" || authority == "经信")) return unit.name + "经济发展局";
    return unit.name + std::string(dept->county);
  }
  return unit.name + std::string(unit.kind == "city" ? dept->city : dept->county);
}

// ---------------------------------------------------------------------------------------------
// Building one enterprise.

int last_financial_year(const rounds::Round& round) {
  return round.financial_years.empty() ? round.year - 1 : round.financial_years.back();
}

std::string factory_level(const rounds::Round& round, std::size_t i) {
  for (const auto* r : round.rules_of("factory_level")) {
    if (!r->allowed.empty()) return r->allowed[i % r->allowed.size()];
  }
  return "工厂级";
}

std::string factory_name(std::string_view short_name, std::string_view product,
                         std::string_view level, const rounds::Round& round) {
  const bool suffix_rule = !round.rules_of("factory_name_suffix").empty();
  std::string_view ending = "智能工厂";
  if (!suffix_rule && level == "产线级") ending = "智能产线";
  if (!suffix_rule && level == "车间级") ending = "智能车间";
  return fmt::format("{}{}{}", short_name, product, ending);
}

Enterprise make_profile(const EnterpriseSpec& spec, std::size_t i, const rounds::Policy& policy,
                        const std::string& company, const std::string& factory) {
  const auto& round = *policy.round;
  const auto& regions = *policy.regions;
  Enterprise e;
  e.name = company;
  e.credit_code = declaration::make_credit_code(six_digit_ancestor(regions, spec.region),
                                                static_cast<std::uint32_t>(1000 + i * 37));
  e.founded = std::string(spec.founded);
  e.ownership = std::string(spec.ownership);
  e.employees = spec.employees;
  e.industry = declaration::Industry{std::string(spec.group.substr(0, 2)), std::string(spec.group)};
  e.sector = std::string(spec.sector);
  e.sector_other = std::string(spec.sector_other);
  e.region = std::string(spec.region);
  e.address = fmt::format("{}{}{}号", place_name(regions, spec.region), kRoads[i % kRoads.size()],
                          8 + (i * 37) % 280);
  const std::string area = area_code(regions, spec.region);
  const std::string legal = person_name(i * 2 + 3);
  const std::string contact = person_name(i * 2 + 4);
  e.legal_representative = declaration::Person{
      legal, landline(area, i * 3), std::string(kLegalTitles[i % kLegalTitles.size()]), "", "", ""};
  e.contact = declaration::Person{
      contact,   landline(area, i * 3 + 1), std::string(kContactTitles[i % kContactTitles.size()]),
      mobile(i), landline(area, i * 3 + 2), fmt::format("zhizao@{}.com.cn", spec.slug)};
  e.credit_rating = std::string(kRatings[i % kRatings.size()]);

  // Three years of finances growing towards the spec's revenue.
  const auto& years = round.financial_years;
  const double debt = 32.0 + static_cast<double>((i * 7) % 25);
  const double margin = 4.5 + static_cast<double>(i % 7) * 0.8;
  for (std::size_t k = 0; k < years.size(); ++k) {
    const double back = static_cast<double>(years.size() - 1 - k);
    const double revenue = std::round(spec.revenue / std::pow(1.09, back));
    const double rate = std::round((margin - 0.3 * back) * 10.0) / 10.0;
    e.financials.push_back(declaration::FinancialYear{
        years[k], std::round(revenue * (1.35 + 0.05 * static_cast<double>(i % 5))),
        std::round((debt + back) * 10.0) / 10.0, revenue, rate, std::round(revenue * rate / 100.0),
        std::round(revenue * 0.042)});
  }
  const double latest = e.financials.empty() ? spec.revenue : *e.financials.back().main_revenue;
  if (policy.sizes != nullptr) {
    e.size_class = policy.sizes->classify(spec.employees, latest).id;
  }

  // Titles and earlier tiers.
  const int last_year = last_financial_year(round);
  if (!spec.title.empty()) {
    e.titles.push_back(declaration::Title{std::string(spec.title), spec.title_year, ""});
  }
  if (!spec.recognition.empty()) {
    const bool self = spec.recognition == "basic";
    const auto* province = regions.ancestor_of_kind(spec.region, "province");
    e.recognitions.push_back(declaration::Recognition{
        std::string(spec.recognition), self ? "self_evaluation" : "recognised",
        spec.recognition_year,
        self ? company : fmt::format("{}工业和信息化厅", province != nullptr ? province->name : ""),
        factory});
  }

  int floor = policy.tier != nullptr ? policy.tier->maturity_floor.level : 2;
  for (const auto* r : round.rules_of("maturity_floor")) floor = std::max(floor, r->level);
  const int level = std::min(5, std::max(2, floor) + static_cast<int>(i % 3 == 0));
  e.maturity =
      declaration::Maturity{level,
                            level + 0.15 + 0.1 * static_cast<double>(i % 8),
                            fmt::format("{}-{:02}-{:02}", last_year, 3 + i % 9, 5 + i % 20),
                            "www.c3mep.cn",
                            {"att-maturity_report"}};
  e.accident = declaration::Accident{false, "", false};

  const auto* group = policy.industries != nullptr ? policy.industries->group(spec.group) : nullptr;
  const std::string trade = group != nullptr ? group->name : std::string(spec.trade);
  const char* kind = spec.ownership == "local_soe"          ? "地方国有企业"
                     : spec.ownership == "central_soe"      ? "中央企业所属企业"
                     : spec.ownership == "foreign_invested" ? "中外合资企业"
                                                            : "民营企业";
  e.profile = fit(
      fmt::format(
          "{}成立于{}年，是一家从事{}的{}，主要产品为{}，销往全国二十余个省份，部分产品出口海外。"
          "公司现有员工{}人，{}年主营业务收入{}万元，拥有省级企业技术中心，获授权专利六十余项，"
          "参与制定行业标准三项。公司把智能制造作为转型升级的主攻方向，成立了由总经理任组长的"
          "智能制造领导小组和专职的数字化团队，近三年累计投入技改资金逾亿元，"
          "智能制造能力成熟度达到{}级。",
          company, spec.founded.substr(0, 4), trade, kind, spec.product, spec.employees, last_year,
          static_cast<long long>(latest), level),
      limit_of(*policy.form, "enterprise.profile"));
  return e;
}

/// Rewrites a sample declaration with the enterprise's identity and its own wording.
Declaration make_declaration(const EnterpriseSpec& spec, std::size_t i,
                             const rounds::Policy& policy, const Enterprise& profile,
                             const std::string& factory, const std::string& level,
                             const std::string& recommending_unit, const std::string& declared_on) {
  const auto& round = *policy.round;
  const auto& form = *policy.form;
  Declaration d = declaration::make_sample(policy, static_cast<std::uint32_t>(i));
  const std::string old_company = d.cover.applicant;
  const std::string old_factory = d.factory.name;
  const std::string old_legal = d.cover.legal_representative;
  const std::string old_supplier = d.scenarios.empty() ? "" : d.scenarios.front().supplier.name;
  const std::vector<std::string> old_integrators = d.factory.integrators;

  d.cover.applicant = profile.name;
  d.cover.project_name = factory;
  d.cover.legal_representative = profile.legal_representative.name;
  d.cover.recommending_unit = recommending_unit;
  d.cover.date = declared_on;
  for (const auto& ex : round.exemptions) {
    if (ex.declaration_flag != "cover.benchmark_enterprise") continue;
    const auto it = std::find_if(profile.titles.begin(), profile.titles.end(),
                                 [&](const declaration::Title& t) { return t.kind == ex.id; });
    d.cover.benchmark_enterprise = it != profile.titles.end();
    d.cover.benchmark_year = it != profile.titles.end() ? it->year : std::nullopt;
  }
  d.enterprise = profile;
  d.pledge.signatory = profile.legal_representative.name;
  d.pledge.date = declared_on;

  // Scenario suppliers from the province's integrators; instances named after the product.
  const auto pool_it =
      std::find_if(kIntegrators.begin(), kIntegrators.end(), [&](const IntegratorPool& p) {
        return p.province == std::string_view(spec.region).substr(0, 2);
      });
  const auto& pool = pool_it != kIntegrators.end() ? pool_it->names : kFallbackIntegrators;
  std::vector<std::string> integrators;
  for (std::size_t k = 0; k < d.scenarios.size(); ++k) {
    auto& s = d.scenarios[k];
    const std::string supplier(pool[(i + k) % pool.size()]);
    if (std::find(integrators.begin(), integrators.end(), supplier) == integrators.end())
      integrators.push_back(supplier);
    const std::string instance = fmt::format("{}{}应用", spec.product, s.scenario);
    Substitute local({{old_supplier, supplier}, {s.instance, instance}});
    local.apply(s);
    if (k < d.appendix.scenario_rows.size()) local.apply(d.appendix.scenario_rows[k]);
    if (k < d.appendix.equipment.size()) local.apply(d.appendix.equipment[k]);
    s.supplier.contact = person_name(i * 5 + k + 11);
    s.supplier.phone = mobile(i * 5 + k + 101);
    s.investment = std::round(spec.revenue * 0.004 + 80.0 * static_cast<double>(k + 1));
  }

  auto& f = d.factory;
  f.name = factory;
  f.level = level;
  f.sector = profile.sector;
  f.sector_other = profile.sector_other;
  const auto* group =
      policy.industries != nullptr ? policy.industries->group(profile.industry.group) : nullptr;
  f.sub_sector = group != nullptr ? group->name : std::string(spec.trade);
  f.address = profile.address;
  f.integrators = integrators;
  f.investment = std::round(spec.revenue * 0.06);
  // The KPI table: the sample's indicators, each enterprise improving by its own share.
  const double share = 0.8 + 0.05 * static_cast<double>(i % 6);
  for (auto& k : f.kpis) {
    if (!k.before || !k.after) continue;
    const auto* kpi = policy.kpis->find(k.number);
    double after = *k.before + (*k.after - *k.before) * share;
    after = (kpi != nullptr && kpi->integer) ? std::round(after) : std::round(after * 100) / 100;
    if (kpi != nullptr && kpi->max) after = std::min(after, *kpi->max);
    k.after = after;
    k.change = std::round((after - *k.before) / *k.before * 10000.0) / 100.0;
  }
  f.summary = fmt::format(
      "{}围绕{}多品种、小批量、快交付的生产特点，建设覆盖研发设计、生产作业、生产管理、运营管理"
      "和工厂建设的智能工厂，部署自动化产线、在线检测、智能仓储和能源管控系统，建成制造执行、"
      "产品生命周期管理和供应链协同平台，实现设计、生产、经营数据贯通。建成后生产效率提升{}%，"
      "产品不良率下降{}%，单位产品综合能耗降低{}%。",
      factory, spec.product, 20 + i % 15, 25 + i % 20, 10 + i % 9);

  auto& n = d.narrative;
  n.background = fmt::format(
      "{}市场需求快速增长，客户对交期、质量一致性和可追溯性的要求不断提高。公司原有生产方式依赖"
      "人工经验，设备联网率低，计划、质量、仓储数据分散在多个系统，订单交付周期长、能耗偏高，"
      "难以支撑企业高质量发展，亟需通过智能工厂建设破解瓶颈。",
      spec.product);
  n.advancement = fmt::format(
      "项目在{}领域形成了柔性生产、在线检测和智能排产的系统解决方案，关键工序数控化率和设备"
      "联网率处于省内同行业领先水平，核心工业软件采用国产安全可控产品。",
      f.sub_sector);
  n.goals.growth = fmt::format(
      "随着{}市场持续扩大，公司订单年均增长{}%以上，新产线投产后产能将再提升三成，"
      "成长空间广阔。",
      spec.product, 10 + i % 8);

  // Appendix rows that named the sample's product.
  for (auto& t : d.appendix.technologies) {
    t.name = fmt::format("{}柔性制造技术", spec.product);
  }
  for (auto& s : d.appendix.standards) {
    s.name = fmt::format("{}数字化车间通用要求", spec.product);
    s.number = fmt::format("T/ZNZZ {:03}-{}", 10 + i, last_financial_year(round));
  }
  for (auto& p : d.appendix.patents) {
    p.name = fmt::format("一种{}智能生产系统", spec.product);
    p.number =
        fmt::format("ZL{}1{:07}.{}", last_financial_year(round) - 1, 1234567 + i * 7919, i % 10);
  }

  // The sample's identity wherever else it is written, then every text cut to its limit.
  std::vector<std::pair<std::string, std::string>> names = {
      {old_company, profile.name},
      {old_factory, factory},
      {old_legal, profile.legal_representative.name}};
  for (std::size_t k = 0; k < old_integrators.size(); ++k) {
    names.emplace_back(old_integrators[k],
                       integrators.empty() ? "" : integrators[k % integrators.size()]);
  }
  Substitute global(std::move(names));
  global.apply(d);
  FitToForm fitter(form);
  declaration::visit(fitter, d);
  return d;
}

/// Leaves a draft half done: narrative and scenarios blank, the pledge unsigned.
void make_incomplete(Declaration& d, std::size_t i) {
  d.narrative = {};
  d.scenarios.clear();
  d.appendix.scenario_rows.clear();
  d.appendix.equipment.clear();
  std::erase_if(d.attachments,
                [](const declaration::Attachment& a) { return a.kind == "scenario_image"; });
  d.pledge = {};
  if (i % 2 == 1) {
    d.factory.kpis.clear();
    d.factory.summary.clear();
  }
}

/// The day the enterprise states it declared: spread over the window, never after the day
/// before it closes.
std::chrono::year_month_day declared_day(const rounds::Round& round, std::size_t i) {
  const auto last = day_of(demo_check_time(round));
  if (!round.opens) return last;
  const auto first = day_of(*round.opens);
  const auto span = (std::chrono::sys_days{last} - std::chrono::sys_days{first}).count();
  if (span <= 1) return last;
  const auto offset = 1 + static_cast<long>((i * 5) % static_cast<std::size_t>(span - 1));
  return std::chrono::year_month_day{std::chrono::sys_days{first} + std::chrono::days{offset}};
}

class WorldBuilder {
 public:
  WorldBuilder(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds)
      : catalogue_(catalogue), rounds_(rounds) {}

  DemoWorld build() {
    add_admin();
    std::map<std::string_view, std::size_t> per_round;
    for (std::size_t i = 0; i < kCast.size(); ++i) {
      const auto& spec = kCast[i];
      const auto it = rounds_.policies.find(std::string(spec.round));
      if (it == rounds_.policies.end() || catalogue_.regions.find(spec.region) == nullptr) continue;
      add_enterprise(spec, i, it->second, ++per_round[spec.round]);
    }
    for (const auto& [id, round] : rounds_.rounds) add_reviewers(round);
    add_experts();
    return std::move(world_);
  }

 private:
  void add(DemoAccount account) {
    const std::string base = account.username;
    for (int n = 2; used_.contains(account.username); ++n) {
      account.username = fmt::format("{}-{}", base, n);
    }
    used_.insert(account.username);
    world_.accounts.push_back(std::move(account));
  }

  void add_admin() {
    // The region tree has no national node: the administrator sits at the first demo round's
    // province (any region code works for an account that sees everything).
    std::string region;
    for (const auto& spec : kCast) {
      const auto it = rounds_.rounds.find(std::string(spec.round));
      if (it != rounds_.rounds.end() && catalogue_.regions.find(it->second.region) != nullptr) {
        const auto* p = catalogue_.regions.ancestor_of_kind(it->second.region, "province");
        region = p != nullptr ? p->code : it->second.region;
        break;
      }
    }
    if (region.empty() && !catalogue_.regions.nodes().empty())
      region = catalogue_.regions.nodes().front().code;
    add(DemoAccount{"admin", "平台管理员", std::string(kRoleAdmin), "", region, "", -1, "", {}});
  }

  void add_enterprise(const EnterpriseSpec& spec, std::size_t i, const rounds::Policy& policy,
                      std::size_t number) {
    const auto& round = *policy.round;
    const std::string company =
        fmt::format("{}{}{}{}", spec.place, spec.brand, spec.trade, spec.suffix);
    const std::string level = factory_level(round, i);
    const std::string factory =
        factory_name(fmt::format("{}{}", spec.place, spec.brand), spec.product, level, round);

    DemoEnterprise out;
    out.profile = make_profile(spec, i, policy, company, factory);
    out.round_id = round.id;
    out.state = spec.state;
    if (spec.state != DemoState::kNone) {
      const auto day = declared_day(round, i);
      const std::string declared_on = time::format_date(day);
      out.declaration = make_declaration(spec, i, policy, out.profile, factory, level,
                                         recommending_unit(round, spec.region), declared_on);
      if (spec.state == DemoState::kDraftIncomplete) make_incomplete(*out.declaration, i);
      if (spec.state == DemoState::kSubmitted || spec.state == DemoState::kWithdrawn)
        out.submitted_at = beijing(day, 10);
    }
    const int index = static_cast<int>(world_.enterprises.size());
    add(DemoAccount{fmt::format("ent-{}-{:02}", province_slug(round.region), number),
                    fmt::format("{}（{}）", out.profile.contact.name, company),
                    std::string(kRoleEnterprise),
                    "",
                    std::string(spec.region),
                    "",
                    index,
                    "",
                    {}});
    world_.enterprises.push_back(std::move(out));
  }

  std::string recommending_unit(const rounds::Round& round, std::string_view region) const {
    for (const auto* level : access::region_levels(round)) {
      const auto* unit =
          access::reviewing_unit(catalogue_.regions, round, region, level->region_kind);
      if (unit != nullptr) return organisation(round, *level, *unit, level->authority);
    }
    return {};
  }

  void add_reviewers(const rounds::Round& round) {
    for (const auto* level : access::region_levels(round)) {
      std::vector<const catalogue::Region*> units;
      for (const auto& e : world_.enterprises) {
        if (e.round_id != round.id) continue;
        const auto* unit =
            access::reviewing_unit(catalogue_.regions, round, e.profile.region, level->region_kind);
        if (unit != nullptr && std::find(units.begin(), units.end(), unit) == units.end())
          units.push_back(unit);
      }
      for (const auto* unit : units) {
        add_unit_account(round, *level, *unit, level->authority, kRoleReviewer);
        for (const auto& joint : level->joint) {
          if (joint != level->authority)
            add_unit_account(round, *level, *unit, joint, kRoleCoDepartment);
        }
      }
    }
  }

  void add_unit_account(const rounds::Round& round, const rounds::Level& level,
                        const catalogue::Region& unit, const std::string& authority,
                        std::string_view role) {
    const auto key = fmt::format("{}|{}|{}|{}", role, level.region_kind, unit.code, authority);
    if (!units_.insert(key).second) return;
    std::string username;
    const std::string province = province_slug(unit.code);
    if (role == kRoleCoDepartment) {
      const auto* dept = department(authority);
      username = fmt::format("{}-{}-{}", province, region_slug(unit.code),
                             dept != nullptr ? dept->slug : "dept");
    } else if (level.region_kind == "province") {
      username = fmt::format("{}-province", province);
    } else {
      username = fmt::format("{}-{}-{}", province, region_slug(unit.code), level.region_kind);
    }
    add(DemoAccount{username,
                    organisation(round, level, unit, authority) + " 审核员",
                    std::string(role),
                    level.region_kind,
                    unit.code,
                    authority,
                    -1,
                    "",
                    {}});
  }

  void add_experts() {
    std::size_t n = 0;
    for (const auto& x : kExperts) {
      if (catalogue_.regions.find(x.region) == nullptr) continue;
      ++n;
      add(DemoAccount{fmt::format("expert-{:02}", n),
                      fmt::format("{}（评审专家）", x.name),
                      std::string(kRoleExpert),
                      "",
                      std::string(x.region),
                      "",
                      -1,
                      std::string(x.employer),
                      {std::string(x.specialities[0]), std::string(x.specialities[1])}});
    }
  }

  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  DemoWorld world_;
  std::set<std::string> used_;
  std::set<std::string> units_;
};

}  // namespace

std::string_view state_name(DemoState state) {
  switch (state) {
    case DemoState::kNone:
      return "none";
    case DemoState::kDraftIncomplete:
      return "draft_incomplete";
    case DemoState::kDraftComplete:
      return "draft_complete";
    case DemoState::kSubmitted:
      return "submitted";
    case DemoState::kWithdrawn:
      return "withdrawn";
  }
  return "unknown";
}

DemoWorld make_demo_world(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds) {
  return WorldBuilder(catalogue, rounds).build();
}

std::string demo_password() { return "Tidu@2026demo"; }

time::Instant demo_check_time(const rounds::Round& round) {
  if (round.closes) return *round.closes - std::chrono::days{1};
  if (round.opens) return *round.opens + std::chrono::days{1};
  return time::Instant{};
}

rules::RegistryFacts registry_facts(const DemoEnterprise& enterprise) {
  rules::RegistryFacts facts;
  facts.recognitions = enterprise.profile.recognitions;
  facts.titles = enterprise.profile.titles;
  return facts;
}

}  // namespace tidu::demo
