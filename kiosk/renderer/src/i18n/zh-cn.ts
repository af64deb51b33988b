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
  waste: {
    categories: {
      kitchen: '厨余垃圾',
      recyclable: '可回收物',
      hazardous: '有害垃圾',
      other: '其他垃圾',
    },
    state: {
      open: '开放',
      closedUntil: '{{time}} 开放',
      full: '已满仓',
      fault: '故障',
      missing: '暂不可用',
    },
    station: {
      label: '各类投放口状态',
    },
    household: '住户 {{household}}',
    choose: {
      title: '请选择垃圾类别',
      hint: '点击开放的类别，投放口会自动打开',
      label: '垃圾类别',
      back: '返回投放结果',
      finish: '退出',
    },
    progress: {
      'weighing-before': '称重中…',
      opening: '开盖中…',
      closing: '关盖中…',
      'weighing-after': '称重中…',
      hint: '请稍候，不要触碰投放口',
      liveWeight: '当前重量',
    },
    drop: {
      title: '请投放',
      countdownLabel: '自动关盖倒计时',
      seconds: '秒后自动关盖',
      hint: '投放完成后请点“完成”',
      done: '完成',
    },
    result: {
      title: '投放完成',
      weight: '本次重量',
      points: '获得积分',
      today: '今日积分',
      balance: '积分余额',
      pending: '待同步 {{pending}}',
      recovered: '设备重启后已补记本次投放',
      again: '再投一次',
      print: '打印小票',
      finish: '完成',
    },
    kg: '{{weight}} 千克',
    receipt: {
      label: '小票预览',
    },
  },
  notices: {
    'unbound-card': '此卡未绑定，请到自助服务大厅绑定',
    'technician-card': '这是维护人员卡，不能用于投放',
    'category-closed': '该类别现在未开放',
    categoryClosedAt: '该类别现在未开放，{{time}} 开放',
    'category-full': '该类别已满仓，请选择其他类别或联系工作人员',
    'station-alarm': '设备报警，投放口已锁定，请联系工作人员',
    'too-light': '重量过轻，本次不计积分',
    'too-heavy-review': '重量超出上限，已提交人工审核，审核后计分',
    'negative-net': '重量异常，已提交审核，本次不计积分',
    capped: '今日积分已达上限，本次不计积分',
    'partially-capped': '今日积分已达上限，本次只计部分积分',
    'scale-unstable': '称重不稳定，请稍后重试',
    'device-fault': '设备故障，请联系工作人员',
    deviceFaultAt: '{{device}}故障，请联系工作人员',
    'storage-full': '终端存储已满，暂停投放，请联系工作人员',
    'repeat-tap': '已刷卡，请勿重复刷卡',
  },
  speech: {
    cardSeen: '已识别卡片',
    stillThere: '还在吗？请点继续',
    chooseCategory: '请选择垃圾类别',
    weighing: '正在称重，请稍候',
    opening: '正在开盖',
    drop: '请投放{{category}}',
    closing: '正在关盖',
    result: '本次投放 {{weight}} 千克，获得 {{points}} 积分',
    sentences: '{{first}}。{{second}}',
  },
} as const;

/** The same keys at every depth, with string leaves. */
type Strings<Tree> = { [Key in keyof Tree]: Tree[Key] extends string ? string : Strings<Tree[Key]> };

/** The shape every other catalogue must have: the same keys, string values. */
export type Catalogue = Strings<typeof zhCN>;
