window.CHECK = {
  title: "阶段分工自测",
  mastery: 75,
  questions: [
    { text: "“签订合同”属于哪个阶段？", options: ["售前", "售中", "售后"], answer: 0 },
    { text: "“开通测试、试用”属于哪个阶段？", options: ["售前", "售中", "售后"], answer: 1 },
    { text: "“投诉处理、变更维护”属于哪个阶段？", options: ["售前", "售中", "售后"], answer: 2 },
    { text: "售前挖掘需求、提出整合方案，主要由谁牵头？", options: ["集团客户经理", "业务支撑部门", "装维人员"], answer: 0 },
  ],
};
