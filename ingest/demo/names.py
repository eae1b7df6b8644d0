"""Name, place and wording pools of the demo bank's four cultures.

A culture fixes the script of names, the legal forms of companies, the country, the
phone and address formats. Romanised forms live beside the native ones so that the
duplicate variations (`variations.py`) can transliterate without guessing.
"""

from __future__ import annotations

from typing import Final

VN, CN, UA, EN = 0, 1, 2, 3
CULTURES: Final = (VN, CN, UA, EN)
CULTURE_WEIGHTS: Final = (35, 25, 20, 20)

# --- persons -----------------------------------------------------------------------------------------------------

VN_SURNAMES: Final = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 5), ("Phan", 4), ("Vũ", 4),
    ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1),
)
VN_MIDDLE: Final = (
    ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công"), ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"),
)
VN_GIVEN: Final = (
    ("An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Long", "Minh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung",
     "Tuấn", "Việt", "Khoa", "Đạt", "Huy", "Lâm"),
    ("Anh", "Chi", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Vy",
     "Yến", "Hoa", "Dung", "Giang", "My", "Tâm"),
)

# (Han, pinyin)
CN_SURNAMES: Final = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
    ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
)
CN_GIVEN: Final = (
    (("伟", "Wei"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("杰", "Jie"),
     ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("刚", "Gang"), ("建华", "Jianhua"), ("志强", "Zhiqiang"),
     ("晓明", "Xiaoming"), ("国平", "Guoping"), ("海峰", "Haifeng"), ("文博", "Wenbo"), ("子轩", "Zixuan")),
    (("芳", "Fang"), ("娜", "Na"), ("秀英", "Xiuying"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("艳", "Yan"),
     ("娟", "Juan"), ("秀兰", "Xiulan"), ("霞", "Xia"), ("平", "Ping"), ("海燕", "Haiyan"), ("雪梅", "Xuemei"),
     ("慧", "Hui"), ("婷", "Ting"), ("欣怡", "Xinyi"), ("玉兰", "Yulan"), ("佳琪", "Jiaqi")),
)

UA_SURNAMES: Final = (
    "Коваленко", "Бондаренко", "Шевченко", "Ткаченко", "Кравченко", "Мельник", "Бойко", "Ковальчук", "Олійник",
    "Шевчук", "Поліщук", "Лисенко", "Марченко", "Савченко", "Руденко", "Мороз", "Петренко", "Кузьменко",
    "Гончаренко", "Литвиненко", "Павленко", "Климченко", "Романюк", "Юрченко",
)
UA_GIVEN: Final = (
    ("Олександр", "Андрій", "Сергій", "Дмитро", "Володимир", "Іван", "Микола", "Юрій", "Олег", "Василь", "Максим",
     "Богдан", "Тарас", "Віктор", "Євген", "Ігор"),
    ("Олена", "Наталія", "Тетяна", "Ірина", "Оксана", "Юлія", "Марія", "Світлана", "Катерина", "Людмила", "Ганна",
     "Галина", "Вікторія", "Яна", "Софія", "Лариса"),
)
UA_PATRONYMICS: Final = (
    ("Петрович", "Петрівна"), ("Іванович", "Іванівна"), ("Олександрович", "Олександрівна"),
    ("Миколайович", "Миколаївна"), ("Васильович", "Василівна"), ("Сергійович", "Сергіївна"),
    ("Володимирович", "Володимирівна"), ("Юрійович", "Юріївна"), ("Андрійович", "Андріївна"),
)

EN_SURNAMES: Final = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
    "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Miller", "Davis",
    "Anderson", "Harris", "Martin", "Clark", "Lewis", "Hughes", "Edwards", "Turner", "Parker", "Collins", "Stewart",
    "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Bennett", "Ward", "Bailey", "Carter", "Phillips",
)
EN_GIVEN: Final = (
    ("James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Charles", "Daniel", "Matthew",
     "Anthony", "Mark", "Paul", "Steven", "Andrew", "George", "Oliver", "Harry", "Jack", "Edward", "Peter"),
    ("Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emma", "Olivia",
     "Sophie", "Charlotte", "Emily", "Hannah", "Laura", "Rachel", "Amy", "Lucy", "Grace", "Claire", "Helen"),
)

# --- companies -----------------------------------------------------------------------------------------------------

# Industry: NACE section, Vietnamese word, Chinese (Han, English), English word.
INDUSTRIES: Final = (
    ("Manufacturing", "Sản xuất", "实业", "Industrial", "Industries"),
    ("Wholesale and retail trade", "Thương mại", "贸易", "Trading", "Trading"),
    ("Construction", "Xây dựng", "建设", "Construction", "Construction"),
    ("Transportation and storage", "Vận tải", "物流", "Logistics", "Logistics"),
    ("Information and communication", "Công nghệ", "科技", "Technology", "Technologies"),
    ("Real estate activities", "Bất động sản", "置业", "Real Estate", "Properties"),
    ("Agriculture, forestry and fishing", "Nông nghiệp", "农业", "Agriculture", "Farms"),
    ("Accommodation and food service activities", "Thực phẩm", "食品", "Food", "Foods"),
    ("Electricity, gas, steam and air conditioning supply", "Năng lượng", "能源", "Energy", "Energy"),
    ("Human health and social work activities", "Dược phẩm", "医药", "Pharmaceutical", "Healthcare"),
    ("Professional, scientific and technical activities", "Tư vấn", "咨询", "Consulting", "Consulting"),
    ("Manufacturing", "Thép", "钢铁", "Steel", "Steel"),
)

VN_BRAND_A: Final = ("Hòa", "Minh", "Thành", "Phú", "Hưng", "An", "Tân", "Bảo", "Việt", "Hồng", "Kim", "Phúc",
                     "Thiên", "Trường", "Đông", "Nam", "Sao", "Đại", "Ánh", "Quang")
VN_BRAND_B: Final = ("Phát", "Long", "Công", "Thái", "Thịnh", "Khang", "Dương", "Hoàng", "Minh", "Tiến", "Hà", "An",
                     "Sơn", "Á", "Việt", "Lộc", "Phong", "Thuận", "Gia", "Hải")
# (Han, pinyin)
CN_BRAND: Final = (("华", "Hua"), ("信", "Xin"), ("中", "Zhong"), ("恒", "Heng"), ("泰", "Tai"), ("盛", "Sheng"),
                   ("鑫", "Xin"), ("宏", "Hong"), ("达", "Da"), ("远", "Yuan"), ("海", "Hai"), ("天", "Tian"),
                   ("嘉", "Jia"), ("瑞", "Rui"), ("新", "Xin"), ("兴", "Xing"), ("东", "Dong"), ("金", "Jin"),
                   ("广", "Guang"), ("安", "An"))
CN_CITIES: Final = (("北京", "Beijing"), ("上海", "Shanghai"), ("广州", "Guangzhou"), ("深圳", "Shenzhen"),
                    ("杭州", "Hangzhou"), ("南京", "Nanjing"), ("成都", "Chengdu"), ("武汉", "Wuhan"),
                    ("天津", "Tianjin"), ("重庆", "Chongqing"), ("苏州", "Suzhou"), ("西安", "Xi'an"))
UA_BRAND_A: Final = ("Агро", "Укр", "Буд", "Техно", "Енерго", "Мета", "Транс", "Фарм", "Хліб", "Дніпро", "Галич",
                     "Світло", "Зерно", "Лід", "Нафто", "Сталь")
UA_BRAND_B: Final = ("світ", "інвест", "пром", "буд", "трейд", "сервіс", "альянс", "груп", "лайн", "тех", "експорт",
                     "ресурс", "маш", "ком", "постач", "холд")
EN_BRAND_A: Final = ("North", "South", "East", "West", "Red", "Blue", "Green", "Silver", "Golden", "Oak", "Pine",
                     "River", "Stone", "Bright", "Clear", "Iron", "High", "Lake", "Crown", "Harbour")
EN_BRAND_B: Final = ("field", "gate", "wood", "bridge", "stone", "brook", "ridge", "haven", "view", "point", "water",
                     "land", "ford", "well", "mark", "way", "shire", "vale", "crest", "port")

# Legal forms: (code, native form, Latin variants seen in other sources)
LEGAL_FORMS: Final = {
    VN: (("TNHH", "Công ty TNHH", ("Cong ty TNHH", "Co., Ltd", "Company Limited", "LLC")),
         ("CP", "Công ty Cổ phần", ("Cong ty Co phan", "JSC", "Joint Stock Company", "Cong ty CP"))),
    CN: (("有限公司", "有限公司", ("Co., Ltd.", "Company Limited", "Co. Ltd", "Ltd")),
         ("股份有限公司", "股份有限公司", ("Co., Ltd.", "Joint Stock Co., Ltd.", "JSC", "Company Limited by Shares"))),
    UA: (("ТОВ", "ТОВ", ("TOV", "LLC", "Товариство з обмеженою відповідальністю", "TzOV")),
         ("ПрАТ", "ПрАТ", ("PrAT", "PJSC", "Private JSC", "ПрАТ"))),
    EN: (("Ltd", "Ltd", ("Limited", "Ltd.", "LTD", "Co. Ltd")),
         ("PLC", "PLC", ("plc", "Public Limited Company", "P.L.C.", "Ltd"))),
}
PREFIX_FORMS: Final = frozenset({"Cong ty TNHH", "Cong ty Co phan", "Cong ty CP", "TOV", "TzOV", "PrAT", "ПрАТ",
                                 "Товариство з обмеженою відповідальністю"})
US_LEGAL_FORMS: Final = (("LLC", "LLC", ("L.L.C.", "Limited Liability Company", "Inc.", "Co.")),
                         ("Inc.", "Inc.", ("Inc", "Incorporated", "Corp.", "Corporation")))

# --- places -------------------------------------------------------------------------------------------------------

REGIONS: Final = {
    VN: ("Hanoi", "Ho Chi Minh City", "Da Nang", "Hai Phong", "Can Tho", "Binh Duong", "Dong Nai", "Quang Ninh"),
    CN: ("Beijing", "Shanghai", "Guangdong", "Zhejiang", "Jiangsu", "Sichuan", "Hubei", "Tianjin"),
    UA: ("Kyiv", "Lviv", "Kharkiv", "Odesa", "Dnipro", "Poltava", "Vinnytsia", "Zaporizhzhia"),
    EN: ("London", "Manchester", "Birmingham", "Leeds", "New York", "California", "Texas", "Illinois"),
}
VN_CITIES: Final = ("Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bình Dương", "Đồng Nai",
                    "Quảng Ninh")
VN_STREETS: Final = ("Láng Hạ", "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ",
                     "Lý Thường Kiệt", "Phan Chu Trinh", "Kim Mã", "Cầu Giấy", "Võ Văn Tần", "Pasteur")
CN_CITY_OF_REGION: Final = ("北京市", "上海市", "广州市", "杭州市", "南京市", "成都市", "武汉市", "天津市")
CN_DISTRICTS: Final = ("朝阳区", "海淀区", "浦东新区", "天河区", "西湖区", "鼓楼区", "武侯区", "和平区")
CN_STREETS: Final = ("建国路", "人民路", "中山路", "解放路", "长安街", "南京路", "世纪大道", "滨江大道")
UA_CITIES: Final = ("Київ", "Львів", "Харків", "Одеса", "Дніпро", "Полтава", "Вінниця", "Запоріжжя")
UA_STREETS: Final = ("Хрещатик", "Шевченка", "Грушевського", "Незалежності", "Франка", "Соборна", "Садова",
                     "Бандери", "Лесі Українки", "Київська")
EN_CITIES: Final = ("London", "Manchester", "Birmingham", "Leeds", "New York", "Los Angeles", "Houston", "Chicago")
EN_STREETS: Final = ("High Street", "Station Road", "Church Lane", "Victoria Road", "King Street", "Park Avenue",
                     "Main Street", "Oak Street", "Elm Avenue", "Mill Lane")
US_STATES: Final = ("NY", "CA", "TX", "IL")

# One registered-agent office per culture: many companies share it (a hub for the intro paths to avoid).
AGENT_ADDRESSES: Final = {
    VN: ("Tầng 12, Tòa nhà Sông Hồng, 2 Láng Hạ, Ba Đình, Hà Nội",
         "Phòng 1508, 72 Lê Thánh Tôn, Quận 1, TP. Hồ Chí Minh"),
    CN: ("上海市浦东新区世纪大道100号环球金融中心75层", "深圳市福田区福华一路88号中心商务大厦20层"),
    UA: ("вул. Хрещатик, 22, оф. 101, м. Київ", "вул. Січових Стрільців, 17, оф. 5, м. Львів"),
    EN: ("Suite 4, 71 Kingsway Chambers, London WC2B 6ST", "1209 Orange Grove Street, Wilmington, DE 19801"),
}

HARD_NEGATIVE_NAMES: Final = {  # common names given to several different people
    VN: "Nguyễn Văn An", CN: "王伟", UA: "Коваленко Олександр", EN: "John Smith",
}
