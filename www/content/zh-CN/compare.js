// 对比视图的中文（www/content/compare.js 的翻译）：带数字的句子，以及画布背后的文字。
// 固定的句子在 index.html 里，模型的名字在 models.json 里。

import { fixed } from '../../i18n/format.js';

const nats = (value) => fixed(value, 2);

/**
 * 随页面提供的模型的中文名，按 models.json 里的 `file`（英文名见那里）。不在表里的文件用英文名。
 * 名字里带 β 的，describe 就不再重复 β。
 */
const NAMES = {
  'ae-latent2': '自编码器',
  'conv-latent2-beta0': 'β = 0 的 VAE',
  'conv-latent2-beta1-5ep': 'β = 1 的 VAE',
  'conv-latent2': 'β = 1、训练 54 轮的 VAE',
  'conv-latent16': 'β = 1 的 VAE',
  'conv-latent16-beta10': 'β = 10 的 β-VAE',
  'cvae-latent2': '条件变分自编码器',
};
const nameOf = ({ file, name }) => (Object.hasOwn(NAMES, file) ? NAMES[file] : name);

export default {
  compare: {
    inUseNamed: (latentDim) => `当前使用的模型 · 潜在维度 ${latentDim}`,
    inUse: '当前使用的模型',
    none: '— 无 —',
    conditionalInUse: '当前使用的是条件模型：它按指定的数字来写，所以在它自己的面板里单独比较，不放在这里',
    loading: '正在加载模型……',
    measuring: (count) => `正在 10,000 个测试数字上测量${count === 1 ? '一个模型' : ` ${count} 个模型`}……`,
    measured: '所有的点都已实测',
    notDrawn: '画一个数字，看看它的重构',
    columnModel: (index) => `第 ${index} 列的模型`,

    plot: {
      noKl: '没有 KL 项',
      nats: (value) => `${value} 奈特`,
      distortion: '重构项（失真），奈特 →',
      rate: 'KL（码率），奈特 →',
    },

    describe: (entry) => {
      const { kind, latentDim, beta } = entry;
      const name = nameOf(entry);
      return `${name} · 潜在维度 ${latentDim}${kind === 'ae' || beta === null || beta === undefined || name.includes('β') ? '' : ` · β = ${beta}`}`;
    },

    reconstructionCost: ({ reconstruction, kl }) =>
      kl === undefined || kl === null
        ? `重构项 ${nats(reconstruction)} 奈特；没有 KL：自编码器的编码是一个点`
        : `重构 ${nats(reconstruction)} + KL ${nats(kl)} = ${nats(reconstruction + kl)} 奈特`,

    mapLabel: ({ name, points, outside, extent }) =>
      `${name}：${points} 个测试数字的编码，坐标轴从 −${extent} 到 ${extent}；其中 ${outside} 个离先验中心超过 2`,

    klLabel: ({ name, perDim, testPerDim, activeKlNats }) => {
      if (!perDim && !testPerDim) return `${name}：自编码器没有 KL 项`;
      const collapsed = testPerDim ? testPerDim.filter((kl) => kl <= activeKlNats).length : null;
      const drawing = perDim ? `你的手绘在每个维度上的 KL：${perDim.map(nats).join('、')} 奈特` : '还没有手绘';
      const test = testPerDim ? `；在测试数字上，${testPerDim.length} 个维度中有 ${collapsed} 个坍塌` : '';
      return `${name}：${drawing}${test}`;
    },

    samplesLabel: ({ name, count }) => `${name}：从 N(0, I) 中采样的同一组 z 解码出的 ${count} 张图像`,

    point: ({ label, reconstruction, kl, measuredHere }) =>
      `${label}：重构项 ${nats(reconstruction)} 奈特，KL ${kl === null ? '无（自编码器）' : `${nats(kl)} 奈特`}${measuredHere ? '（在这个浏览器里实测）' : '（模型卡片上的数据：vae eval）'}`,

    rateDistortion: ({ count, measured, distortion, rate }) =>
      count === 0
        ? '率失真图：还没有模型（模型目录正在加载）'
        : `10,000 个测试数字上的率失真图：${count} 个模型，其中 ${measured} 个在这个浏览器里实测` +
          (distortion ? `；重构项最低的是${distortion.label}，${nats(distortion.value)} 奈特` : '') +
          (rate ? `；VAE 中 KL 最低的是${rate.label}，${nats(rate.value)} 奈特` : '') +
          '；下面逐个用文字列出每个点',

    catalogueFailed: (status) => `对比视图的模型目录（www/content/models.json）无法加载：${status === null ? '没有响应' : `HTTP 状态 ${status}`}。关闭对比视图后重新打开即可重试。`,

    traversalRow: ({ dim, kl, collapsed }) =>
      kl === null || kl === undefined ? `z${dim + 1}` : `z${dim + 1} · ${collapsed ? '已坍塌' : `KL ${nats(kl)}`}`,

    traversalsLabel: ({ name, dims, collapsed }) =>
      `${name}：${dims} 行，每个维度从 −3 扫到 3${collapsed === null ? '' : `；${collapsed} 个坍塌维度的行保持不变`}`,

    here: '本页',
    // 在本页训练的模型没有 file：按种类和 β 命名，与上面的名字一致（“β = 1 的 VAE”）。
    trainedHere: ({ kind, latentDim, beta, warmupSteps, epochs }) =>
      `本页训练：${kind === 'ae' ? '自编码器' : `β = ${beta} 的 VAE${warmupSteps ? `（KL 预热 ${warmupSteps} 步）` : ''}`}，潜在维度 ${latentDim}，训练 ${fixed(epochs, epochs < 10 ? 2 : 0)} 轮`,
  },
};
