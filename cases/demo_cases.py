"""Demo cases for `load_demo`, written from the deck's scenarios (为什么客户无缘无故就丢了,
如何突破客户联络人, 对手给了客户什么优惠, 谁是决策者, 客户为什么购买我们的产品) and the
situations its 实际案例交流 section is about. Customers are described, never named."""

CASES = [
    {
        "title": "区政府专线被对手“固移融合”套餐整体撬走",
        "slug": "district-government-lost-to-bundle",
        "summary": (
            "服务了六年的区政府机关，在合同到期前两个月被竞争对手以“固话+宽带+手机”融合套餐整体拿走。"
            "复盘发现，流失的信号半年前就出现了，只是没人把它们连起来看。"
        ),
        "customer": "某区政府机关",
        "industry": "政府机关",
        "segment": "public",
        "size": "medium",
        "region": "east",
        "stage": "after_sale",
        "outcome": "lost",
        "competencies": ["competitive-strategy", "needs-analysis"],
        "products": ["数据专线", "固移融合（FMC）", "集团V网"],
        "tags": ["客户流失", "融合套餐", "竞争对手"],
        "body": [
            (
                "background",
                "<p>客户是区政府机关，使用我们的数据专线和集团V网六年，年收入约 86 万元。"
                "日常对接的是办公室信息科的科员，关系融洽，从未投诉。</p>",
            ),
            (
                "challenge",
                "<p>合同到期前两个月，信息科通知我们：新一年度的通信服务已通过比选确定给另一家运营商，"
                "对方提供固话、宽带、手机一体的融合套餐，总价低 18%，并承诺免费升级会议室视频系统。</p>",
            ),
            (
                "analysis",
                {
                    "noticed": "半年前客户新任分管副区长上任，信息科两次询问“能不能把手机也统一起来”，"
                    "我们当作普通咨询回复了资费单。",
                    "stated": "我们不是输在价格，而是输在没有察觉客户的需求已经从“线路”变成了“统一通信”。",
                    "causes": "只和科员打交道，没有见过新任分管领导；对手提前三个月做了需求调研；"
                    "我们的方案只有单项产品报价。",
                    "decision": "事后评估：如果当时以融合方案参与比选，价格差距可以缩小到 5% 以内。",
                },
            ),
            (
                "actions",
                "<p>得知结果后我们申请了复议，但比选程序已经完成。我们保留了应急专线一条，"
                "并约见新任分管副区长，了解到明年还有全区视频会议系统的建设计划。</p>",
            ),
            (
                "outcome",
                {
                    "result": "lost",
                    "figures": [
                        {"value": "86万元", "label": "流失的年收入"},
                        {"value": "18%", "label": "对手融合套餐的价差"},
                        {"value": "1条", "label": "保住的应急专线"},
                    ],
                    "summary": "主体业务流失，保住了应急专线和明年视频会议项目的入场机会。",
                },
            ),
            (
                "lessons",
                [
                    "客户换了领导，就是需求可能变化的信号，一个月内要见到新领导。",
                    "客户问“能不能统一起来”不是咨询，是在给你机会。",
                    "存量客户每年至少做一次完整的需求调研，而不只是续约谈价格。",
                ],
            ),
            (
                "discussion_questions",
                {
                    "intro": "请每位组员结合自己维护的一个存量客户来回答：",
                    "questions": [
                        "你的客户最近有没有换领导、换办公地点或者上新系统？你是怎么知道的？",
                        "如果你是这家客户的客户经理，半年前能做哪三件事？",
                        "我们的融合方案和对手比，优势和短板分别是什么？",
                    ],
                },
            ),
        ],
        "comments": [
            (
                "zhoumin",
                "我们组的一家区属医院也是换了院长之后开始比选的，这个信号真的要重视。",
                [("director", "周敏说得对。下周组会每人报一个“换了领导”的客户。")],
            ),
            ("sunlei", "融合方案的报价流程太慢，对手三天出方案，我们要两周。这个需要反馈给业务部门。", []),
            ("liuyang", "想问一下，应急专线是怎么保住的？是单独签的合同吗？", [("editor", "是的，单独签了两年。")]),
        ],
        "helpful": ["learner", "liuyang", "zhoumin", "director", "wujing"],
    },
    {
        "title": "三甲医院信息化项目：画出决策链，三个月拿下订单",
        "slug": "hospital-decision-chain",
        "summary": (
            "医院要建院内无线网络和移动查房系统，信息中心主任一直说“再等等”。"
            "客户经理画出决策者、影响者、使用者的关系图，分别找到了他们的诉求，三个月签约。"
        ),
        "customer": "某市三甲医院",
        "industry": "医疗卫生",
        "segment": "sector",
        "size": "large",
        "region": "west",
        "stage": "pre_sale",
        "outcome": "won",
        "competencies": ["needs-analysis", "solution-marketing"],
        "products": ["企业宽带", "数据专线", "3G数据卡"],
        "tags": ["决策链", "医疗信息化", "突破联络人"],
        "body": [
            (
                "background",
                "<p>医院有 1,200 张床位，计划建设覆盖住院楼的无线网络和护士移动查房系统，"
                "预算约 300 万元。三家运营商和两家集成商都在跟。</p>",
            ),
            (
                "challenge",
                "<p>我们的联络人是信息中心主任。他每次都说“方案不错，再等等”，"
                "始终不肯安排我们见分管副院长。项目眼看要进入招标，我们却不知道谁在做决定。</p>",
            ),
            (
                "analysis",
                {
                    "noticed": "连续三次拜访都没有新进展，联络人开始回避具体时间表。",
                    "clarified": "医院要的不是网络，而是护士少跑路、医嘱不出错，以及通过三级医院评审的信息化得分。",
                    "causes": "联络人担心引荐外部厂商会让自己在领导面前被动；我们不了解使用者（护理部）的痛点。",
                    "goal": "一个月内见到分管副院长，并让护理部主任成为方案的支持者。",
                    "plan": "先帮联络人准备向领导汇报的材料，让他在领导面前立功；同时通过护理部的试用打开局面。",
                },
            ),
            (
                "actions",
                "<p>我们画了一张决策链关系图：分管副院长是决策者，信息中心主任和护理部主任是影响者，"
                "病区护士是使用者。我们为信息中心主任准备了一份评审得分对照表，让他拿去向副院长汇报；"
                "同时在两个病区做了两周免费试用，护理部主任主动向院办反馈了效果。</p>",
            ),
            (
                "outcome",
                {
                    "result": "won",
                    "figures": [
                        {"value": "286万元", "label": "合同金额"},
                        {"value": "3个月", "label": "从见到决策者到签约"},
                        {"value": "2个病区", "label": "免费试用范围"},
                    ],
                    "summary": "以综合评分第一中标，护理部主任在评标会上为我们的方案发言。",
                },
            ),
            (
                "lessons",
                [
                    "联络人不引荐，往往是怕自己被动：先帮他在领导面前立功。",
                    "决策者、影响者、使用者的诉求各不相同，一张关系图比十次拜访更清楚。",
                    "让使用者先用起来，他们的反馈比我们的宣讲更有说服力。",
                ],
            ),
            (
                "discussion_questions",
                {
                    "intro": "",
                    "questions": [
                        "选一个你正在跟的项目，画出它的决策者、影响者和使用者，你缺了谁的信息？",
                        "你的联络人最在意什么？我们能帮他在领导面前“立功”吗？",
                    ],
                },
            ),
        ],
        "attachment": {
            "title": "客户决策链梳理表（模板）",
            "filename": "decision-chain-template.csv",
            "content": "角色,姓名/职务,关注点,对我们的态度,下一步\n决策者,,,,\n影响者,,,,\n使用者,,,,\n",
        },
        "comments": [
            (
                "wujing",
                "决策链关系图的模板太实用了，已经用在我跟的一个区教育局项目上。",
                [("director2", "吴静，下周组会请你分享一下用下来的情况。")],
            ),
            ("learner", "“帮联络人立功”这一点很受启发。请问评审得分对照表是怎么做的？", []),
            (
                "zhengkai",
                "免费试用两周的成本是谁承担的？需要走什么审批？",
                [("editor", "由市场部试用预算承担，需提前一周报批。")],
            ),
        ],
        "helpful": ["learner", "wujing", "zhengkai", "director2", "sunlei", "zhoumin"],
    },
    {
        "title": "物流公司专线中断 9 小时之后：从投诉到续约三年",
        "slug": "logistics-outage-retained",
        "summary": (
            "一次光缆被挖断导致物流公司分拣中心专线中断 9 小时，客户提出解约。"
            "客户经理 24 小时内拿出整改方案和双路由保障，最终续约三年并增加了备份线路。"
        ),
        "customer": "某区域物流公司",
        "industry": "交通物流",
        "segment": "key_account",
        "size": "large",
        "region": "east",
        "stage": "after_sale",
        "outcome": "won",
        "competencies": ["negotiation", "solution-design"],
        "products": ["数据专线", "IDC机房托管"],
        "tags": ["客户挽留", "服务故障", "投诉处理"],
        "body": [
            (
                "background",
                "<p>客户有三个分拣中心，靠我们的数据专线连接总部的订单系统。"
                "“双十一”前一周，施工挖断光缆，分拣中心专线中断 9 小时，当天约 4 万单延误。</p>",
            ),
            (
                "challenge",
                "<p>客户物流总监在电话里明确说要解约，并且已经约了另一家运营商第二天上门。"
                "我们的故障处理流程按规定走完需要三天出报告。</p>",
            ),
            (
                "analysis",
                {
                    "stated": "客户要的不是道歉，而是“下一次不会再停”的保证。",
                    "causes": "单路由接入，没有备份；故障期间客户没有收到任何进度通报。",
                    "goal": "24 小时内让物流总监相信我们能保证“不再停”，把解约变成升级。",
                    "decision": "比较了降价补偿、免费备份线路、双路由改造三种方案，选择双路由改造加 3 个月免费备份，"
                    "因为只有它回答了客户真正的问题。",
                },
            ),
            (
                "actions",
                "<p>当晚客户经理带网络部工程师到现场，说明故障原因和修复过程；"
                "第二天上午交付整改方案：分拣中心双路由接入、备份线路自动切换、故障 15 分钟内通报。"
                "商务上提供 3 个月备份线路免费，换取续约三年。</p>",
            ),
            (
                "outcome",
                {
                    "result": "won",
                    "figures": [
                        {"value": "3年", "label": "续约期限"},
                        {"value": "+42万元", "label": "新增备份线路年收入"},
                        {"value": "24小时", "label": "拿出整改方案的时间"},
                    ],
                    "summary": "客户取消了与对手的会面，续约三年并为三个分拣中心都增加了备份线路。",
                },
            ),
            (
                "lessons",
                [
                    "故障之后的 24 小时决定客户去留，流程可以后补，现场必须先到。",
                    "补偿要回答客户真正担心的问题，降价解决不了“会不会再停”。",
                    "故障期间主动通报进度，比事后解释有用得多。",
                ],
            ),
            (
                "discussion_questions",
                {
                    "intro": "",
                    "questions": [
                        "你维护的客户里，哪些还是单路由接入？哪些在业务高峰期不能停？",
                        "如果客户半夜打电话说要解约，你第一个小时会做什么？",
                    ],
                },
            ),
        ],
        "comments": [
            ("sunlei", "双路由改造的成本和收益测算能不能也分享一下？我们组有类似的客户。", []),
            (
                "zhoumin",
                "“流程可以后补，现场必须先到”，这句话应该贴在每个人工位上。",
                [("learner", "同意，我们的故障通报流程确实太慢。")],
            ),
        ],
        "helpful": ["sunlei", "zhoumin", "learner", "director"],
    },
    {
        "title": "联络人不引荐：从信息中心突破到分管副行长",
        "slug": "bank-contact-breakthrough",
        "summary": (
            "股份制银行分行要升级网点专线，联络人是信息科科长，始终不让我们接触分管副行长。"
            "我们帮他解决了一个年底考核的难题，他主动安排了汇报。"
        ),
        "customer": "某股份制银行分行",
        "industry": "金融",
        "segment": "key_account",
        "size": "medium",
        "region": "west",
        "stage": "pre_sale",
        "outcome": "won",
        "competencies": ["solution-marketing", "needs-analysis"],
        "products": ["数据专线", "视频会议"],
        "tags": ["突破联络人", "决策链", "金融行业"],
        "body": [
            (
                "background",
                "<p>分行有 23 个网点，专线带宽不足，视频会议经常卡顿。"
                "总行要求年底前完成网点网络升级，分行信息科负责选型。</p>",
            ),
            (
                "challenge",
                "<p>信息科科长是我们唯一的联络人，他总说“我来汇报就行”，不让我们见分管副行长。"
                "而对手的客户经理已经和副行长吃过两次饭。</p>",
            ),
            (
                "analysis",
                {
                    "clarified": "科长今年的考核指标是“网点视频会议可用率达到 99%”，他比谁都急。",
                    "causes": "科长担心我们越过他直接找领导，让他失去主导权。",
                    "plan": "先帮科长把考核指标做漂亮，再请他带我们去汇报成果。",
                },
            ),
            (
                "actions",
                "<p>我们免费为三个卡顿最严重的网点临时提升带宽，一个月内视频会议可用率从 91% 提高到 99.5%。"
                "科长拿着这组数据向副行长汇报时，主动带上了我们的方案经理。</p>",
            ),
            (
                "outcome",
                {
                    "result": "won",
                    "figures": [
                        {"value": "23个", "label": "升级的网点"},
                        {"value": "99.5%", "label": "视频会议可用率"},
                        {"value": "158万元", "label": "三年合同金额"},
                    ],
                    "summary": "",
                },
            ),
            (
                "lessons",
                [
                    "先弄清联络人自己的考核指标，帮他完成，他就会成为你的引荐人。",
                    "不要越过联络人，让他带着成果带你去见领导。",
                ],
            ),
            (
                "discussion_questions",
                {
                    "intro": "",
                    "questions": ["你的联络人今年最大的考核压力是什么？我们能帮上什么忙？"],
                },
            ),
        ],
        "comments": [
            ("wujing", "这个案例和经验库里“联络人不肯引荐决策者”那条正好可以对照着看。", []),
        ],
        "helpful": ["wujing", "zhengkai", "director2"],
    },
    {
        "title": "连锁超市比选：对手报价低两成，我们用三年总成本赢回来",
        "slug": "retail-chain-total-cost",
        "summary": (
            "连锁超市 60 家门店的宽带和收银专线到期比选，对手报价比我们低 20%。"
            "我们把对比口径从“月租”换成“三年总成本”，加上故障赔付条款，最终保住客户。"
        ),
        "customer": "某区域连锁超市",
        "industry": "零售连锁",
        "segment": "sector",
        "size": "medium",
        "region": "east",
        "stage": "in_sale",
        "outcome": "won",
        "competencies": ["competitive-strategy", "negotiation"],
        "products": ["企业宽带", "数据专线"],
        "tags": ["竞争对手", "价格战", "商务谈判"],
        "body": [
            (
                "background",
                "<p>客户是本地最大的连锁超市之一，60 家门店使用我们的宽带和收银专线，合同三年一签。</p>",
            ),
            (
                "challenge",
                "<p>比选时对手报价比我们低 20%，客户采购部明确表示“价格差这么多，很难说服老板”。</p>",
            ),
            (
                "analysis",
                {
                    "causes": "对手报价只含月租，不含安装、迁移和故障赔付；采购部只比较了月租。",
                    "goal": "把比较口径从月租换成三年总成本和停业损失。",
                    "decision": "不跟降价，而是给出三年总成本对比和故障赔付承诺。",
                },
            ),
            (
                "actions",
                "<p>我们整理了过去三年每家门店的故障记录，测算了收银中断一小时的营业损失，"
                "做出三年总成本对比表；同时承诺收银专线中断超过 2 小时按日营业额比例赔付。</p>",
            ),
            (
                "outcome",
                {
                    "result": "won",
                    "figures": [
                        {"value": "60家", "label": "保住的门店"},
                        {"value": "-6%", "label": "最终让利幅度"},
                    ],
                    "summary": "客户老板看完总成本对比后决定续约，我们只让利 6%。",
                },
            ),
            (
                "lessons",
                [
                    "对手降价时，先看清他的报价口径，再决定比什么。",
                    "用客户的损失说话：一小时收银中断值多少钱？",
                ],
            ),
            (
                "discussion_questions",
                {
                    "intro": "",
                    "questions": [
                        "你最近遇到的一次价格战，对手的报价口径和我们一样吗？",
                        "我们能承诺什么对手不敢承诺的服务条款？",
                    ],
                },
            ),
        ],
        "comments": [
            ("learner", "三年总成本对比表如果能做成模板就好了。", [("director", "好主意，我来整理一版发给大家。")]),
        ],
        "helpful": ["learner", "sunlei"],
    },
    {
        "title": "区教育局“班班通”项目搁浅：我们没弄清谁在付钱",
        "slug": "education-budget-stalled",
        "summary": (
            "为区教育局设计了全区学校宽带和多媒体教室方案，技术评审通过后项目却停了下来。"
            "原因是资金来自市级专项，决定权不在区教育局。"
        ),
        "customer": "某区教育局",
        "industry": "教育",
        "segment": "public",
        "size": "small",
        "region": "west",
        "stage": "pre_sale",
        "outcome": "stalled",
        "competencies": ["needs-analysis", "solution-design"],
        "products": ["企业宽带", "视频会议"],
        "tags": ["决策链", "预算", "教育行业"],
        "body": [
            (
                "background",
                "<p>区教育局计划为 42 所中小学建设宽带和多媒体教室（“班班通”），"
                "我们花了两个月做方案，技术评审第一。</p>",
            ),
            (
                "challenge",
                "<p>评审后三个月没有任何进展。后来得知资金来自市教育局的信息化专项，"
                "市里要统一招标，区教育局只能提需求。</p>",
            ),
            (
                "analysis",
                {
                    "stated": "我们找对了使用者，却没有找到付钱的人。",
                    "causes": "没有问清资金来源和审批链；区教育局的联络人也不清楚市里的安排。",
                },
            ),
            ("actions", "<p>我们已经联系市分公司的行业经理，争取参与市级统一招标的需求调研。</p>"),
            (
                "outcome",
                {
                    "result": "stalled",
                    "figures": [{"value": "42所", "label": "涉及学校"}],
                    "summary": "项目仍在等待市级统一招标。",
                },
            ),
            ("lessons", ["第一次拜访就要问：钱从哪里来？谁来批？"]),
            (
                "discussion_questions",
                {"intro": "", "questions": ["你正在跟的项目，资金来源和审批链你都清楚吗？"]},
            ),
        ],
        "comments": [
            ("zhengkai", "这个案例是我跟的，欢迎大家提问。", [("wujing", "市级统一招标一般提前多久启动需求调研？")]),
        ],
        "helpful": ["wujing"],
    },
]

# A case a director wrote up in the admin and sent for approval: it waits in the
# case approval workflow for an editor.
SUBMITTED_CASE = {
    "title": "制造企业视频会议：客户要的是管理，而不是设备",
    "slug": "manufacturer-video-conferencing",
    "summary": "客户询价视频会议设备，深入了解后发现真正的需求是异地工厂的生产例会管理。",
    "customer": "某汽车零部件制造企业",
    "industry": "制造业",
    "segment": "sector",
    "size": "large",
    "region": "east",
    "stage": "pre_sale",
    "outcome": "ongoing",
    "competencies": ["needs-analysis"],
    "products": ["视频会议", "数据专线"],
    "tags": ["需求挖掘"],
    "body": [
        ("background", "<p>客户有三个异地工厂，采购部来询价 10 套视频会议终端。</p>"),
        ("challenge", "<p>只报设备价格，我们没有任何优势。</p>"),
    ],
}

# (director's username, case title, days from today, what to prepare)
TEAM_DISCUSSIONS = [
    ("director", "区政府专线被对手“固移融合”套餐整体撬走", 5, "每人带一个最近换了领导的客户"),
    ("director2", "三甲医院信息化项目：画出决策链，三个月拿下订单", 3, "画出你正在跟的一个项目的决策链"),
]
