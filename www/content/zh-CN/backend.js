// 后端的中文（www/content/backend.js 的翻译）：页眉里的徽标和它的提示文字、WebGPU 检查测得的数字，
// 以及为什么没有用 WebGPU。`reason` 对象来自 backend-plan.js 的检查：{why, …}。数字传进来时已经格式化好。

export default {
  backend: {
    backends: { webgpu: 'WebGPU', flex: 'Flex（SIMD）', cpu: 'Flex（SIMD）', ndarray: 'ndarray' },
    // 徽标上的任务名：“训练、潜在空间图：WebGPU · 手绘：CPU”
    jobs: { training: '训练', batch: '潜在空间图', interactive: '手绘' },
    cores: (threads) => (threads > 1 ? `${threads} 个线程` : '单核'),
    onCpu: ({ backend, cores }) => `CPU · ${backend} · ${cores}`,
    split: ({ gpu, cpu }) => `${gpu}：WebGPU · ${cpu}：CPU`,
    listSeparator: '、',
    checking: (badge) => `${badge} · 正在检查 WebGPU……`,
    notLoaded: '未加载',
    loading: '正在加载……',

    reason: ({ why, seconds, detail }) =>
      ({
        absent: '这个浏览器没有 WebGPU',
        adapter: '没有可用的 WebGPU 适配器',
        timeout: `WebGPU 检查没有在 ${seconds} 秒内完成`,
        failed: `burn 的 WebGPU 内核在这里运行失败（${detail || '模块触发了 trap'}）`,
      })[why],
    withoutThreads: ({ why, detail }) =>
      ({
        headers: '多线程需要跨源隔离的页面（COOP/COEP 响应头）',
        file: '页面是从本地文件打开的，这种情况下没有 Service Worker',
        noServiceWorker: '这个浏览器在这里不提供 Service Worker（是在无痕窗口里吗？）',
        refused: `Service Worker 被拒绝了${detail ? `（${detail}）` : ''}`,
        notIsolated: 'Service Worker 没能让页面处于跨源隔离状态',
        notStarted: 'Service Worker 没有启动（被阻止了，或者网站无法缓存）',
      })[why],
    cpuTitle: ({ reason, isolated, withoutThreads }) =>
      `在 CPU 上以 WebAssembly 运行${reason ? `（没有用 WebGPU：${reason}）` : ''}${isolated ? '，使用所有核心' : `，只用一个核心：${withoutThreads}`}`,
    measured: ({ seconds, batchSize, trainStep, decode, decodeBatchSize, decodeBatch }) =>
      [
        `启动时测得（中位数；检查用时 ${seconds} 秒）：`,
        `${batchSize} 张图像的一个训练步：${trainStep}`,
        `一次解码：${decode}`,
        `一次同时解码 ${decodeBatchSize} 个：${decodeBatch}`,
      ].join('\n'),
    milliseconds: (ms) => `${ms} 毫秒`,

    cannotUse: (reason) => `无法使用 WebGPU：${reason}。改用 CPU。`,
    notUsed: (reason) => `没有使用 WebGPU：${reason}。一切都在 CPU 上运行。`,
    couldNotStart: (message) => `WebGPU 无法启动模型（${message}）。改用 CPU。`,
  },
};
