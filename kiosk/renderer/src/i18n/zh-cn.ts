/**
 * Simplified Chinese, the default language. Every user-visible string of the
 * renderer lives here and in en.ts (same keys; a unit test walks both).
 * Variables use names other than `count` so i18next's plural lookup stays out.
 */
export const zhCN = {
  app: {
    documentTitle: 'Yaofang 自助终端',
    brand: '社区自助服务终端',
    station: '站点 {{station}}',
  },
  language: {
    label: '语言',
    zh: '中文',
    en: 'English',
  },
  attract: {
    prompt: '请刷卡',
    hint: '请将居民卡或身份证放在读卡区',
    settings: '显示与语音设置',
  },
  clock: {
    label: '当前时间',
  },
  card: {
    title: '已识别卡片',
    ref: '卡片编号',
    seq: '记录号',
    finish: '完成并退出',
  },
  settings: {
    title: '显示与语音',
    elderly: '长者模式',
    elderlyHint: '更大的字和按钮，更长的等待时间',
    highContrast: '高对比度',
    highContrastHint: '黑底亮字，更易看清',
    voice: '语音提示',
    voiceHint: '刷卡和提醒时朗读',
    on: '开',
    off: '关',
    back: '返回',
  },
  banner: {
    label: '终端状态',
    connecting: '正在连接终端服务…',
    offline: '网络离线：业务已保存在本机，恢复后自动同步',
    backlog: '（{{pending}} 条待同步）',
    fault: '设备故障：{{device}}，{{problem}}',
  },
  devices: {
    'rfid-reader': '读卡器',
    'id-card-reader': '身份证阅读器',
    printer: '打印机',
    scale: '电子秤',
    lid: '投放口',
    unknown: '设备',
  },
  faults: {
    disconnected: '未连接，请联系工作人员',
    'paper-out': '缺纸，请联系工作人员',
    jammed: '卡纸，请联系工作人员',
    unknown: '暂不可用，请联系工作人员',
  },
  idle: {
    title: '还在吗？',
    body: '{{seconds}} 秒后将返回首页，并清除本次信息',
    continue: '继续',
  },
  keyboard: {
    input: '输入内容',
    backspace: '删除',
    clear: '清空',
    space: '空格',
    done: '确定',
    letters: '字母',
    digits: '数字',
  },
  speech: {
    cardSeen: '已识别卡片',
    stillThere: '还在吗？请点继续',
  },
} as const;

/** The shape every other catalogue must have: the same keys, string values. */
export type Catalogue = { [Section in keyof typeof zhCN]: { [Key in keyof (typeof zhCN)[Section]]: string } };
