// 学习者对照的数字的中文（www/content/numbers.js 的翻译）：每个 ELBO 是哪种估计、
// 它们可能相差多少以及原因、测试数字的典型得分，以及为什么换一个 ε 可能看不出变化。
// 数字作为参数传进来，已经格式化好。

export default {
  score: {
    refined: (samples) => `精修后的 q(z|x)，${samples} 个 ε 的平均`,
    encoder: (samples) => `编码器给出的 q(z|x)，${samples} 个 ε 的平均`,
    kept: (samples) => `编码器给出的 q(z|x)，${samples} 个 ε 的平均（精修没有找到更好的后验，所以保留它）`,
    encoderAlone: (elbo) => `仅用编码器：同样的 ε 下为 ${elbo}`,
    range: ({ images, median, low, high }) =>
      `越高越好：测试数字的典型得分是 ${median}（编码器给出的 q(z|x)，每个数字一个 ε；前 ${images} 个里居中的一半落在 ${low} 到 ${high} 之间）。`,
    rangePending: '越高越好；正在测量测试数字的典型得分……',
    // ELBO 有多像数字（阈值在 drawing.js 里），以及条件模型被告知的数字：“非常像数字（按数字 3） · 精修后的 q(z|x)……”
    verdict: { veryDigitLike: '非常像数字', digitLike: '像数字', odd: '有点怪', notDigit: '不太像数字' },
    toldAs: (label) => `（按数字 ${label}）`,
    // 还没画任何东西时的得分说明
    empty: '画点什么吧',
  },

  // 条件模型在手绘下方的数字：每个数字的 p(y|x)，以及把书写风格写成每一个数字
  digits: {
    bar: ({ digit, p, encoded }) => `${digit}：p = ${p}${encoded ? '，按这个数字编码' : ''}`,
    caption: ({ label, chosen }) =>
      label === null
        ? '你的书写风格，写成每一个数字'
        : chosen
          ? `你的书写风格，按你选的 ${label} 编码，写成每一个数字`
          : `你的书写风格，按读出的数字（${label}）编码，写成每一个数字`,
  },

  elbo: {
    stack: ({ total, reconstruction, kl }) => `−ELBO ${total} 奈特：重构项 ${reconstruction}，KL ${kl}`,
    sum: ({ reconstruction, kl, elbo }) => `ELBO = −(${reconstruction} + ${kl}) = ${elbo} 奈特`,
    weighed: ({ beta, objective }) => ` · 训练最小化的目标函数是“重构项 + β·KL”（β = ${beta}）：${objective}`,
  },

  estimator: {
    oneEps: (elbo, mean, samples, spread) =>
      `这个 ELBO 是用一个 ε 估计的：${elbo}。同一个 q(z|x) 在手绘面板的 ${samples} 个 ε 上平均，得分为 ${mean}，` +
      `单个 ε 的结果通常落在它的 ±${spread} 以内。`,
    drawing: '手绘面板的主得分在精修后的 q(z|x) 上用的也是这些 ε（“精修 q(z|x)”，默认开启）：精修只会让它升高；关闭精修时，它就是这个平均值。',
    zeroEps: 'ε = 0 让 z 正好落在 μ：这是一个点，而不是一次采样，所以它的得分可能高于每一次采样。',
  },

  'noise-effect': {
    caption: (largest, magnify) => `p(x|z) − p(x|μ)：σ ⊙ ε 带来的变化；最大变化为 ${largest}（上限为 1），放大 ×${magnify} 显示`,
    unchanged: 'p(x|z) − p(x|μ)：ε = 0，所以 z = μ，什么都没变',
    confident: (sigma) =>
      `为什么换一个 ε 图像几乎不变：编码器对这张图像很有把握（σ ≈ ${sigma}），所以 z = μ + σ ⊙ ε 离 μ 不过几个 σ，解码器画出的几乎是同一个数字。` +
      '图旁边的图像把变化放大显示。对于编码器没有把握的图像，σ 更大，ε 会让它明显变化。',
    unsure: (sigma) => `这里编码器没有把握（σ ≈ ${sigma}）：换一个 ε，z 就会移动得足够远，画出的数字也随之改变。`,
    widest: (index, sigma) => `查看测试数字 ${index} 的内部：编码器对它最没有把握（σ ≈ ${sigma}）`,
  },
};
