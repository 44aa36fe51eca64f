// 训练面板的中文（www/content/training.js 的翻译）：关于 β、KL 预热和自编码器的说明，
// 以及训练过程中的状态、日志和慢动作单步的文字。数字传进来时已经格式化好。

export default {
  training: {
    kindHints: {
      vae:
        'β 是 KL 项的权重，KL 项把每个 q(z|x) 拉向先验 N(0, I)：β 为 0 时，VAE 又变回了自编码器；β 远大于 1 时，一些维度会彻底放弃。' +
        '开启 KL 预热后，β 会在这么多个训练步内从 0 逐渐升高：β（虚线，右轴）升高时，留意 KL 曲线如何下降。',
      ae:
        '自编码器没有 KL 项：它只靠重构来训练，所以 β 和 KL 预热都不适用。' +
        '没有任何东西把它的编码拉向 N(0, I)：从先验中采样的一个点可能落在没有编码的地方，解码出模型从未学过的东西（可以在对比视图里把它的样本和 VAE 的比一比）。',
    },

    notForAutoencoder: '不适用于自编码器：它没有需要加权的 KL 项。',

    step: {
      batch: ({ batch, shown }) => `在一个批次的 ${batch} 张训练图像上做一个 Adam 训练步${shown < batch ? `（显示前 ${shown} 张）` : ''}。`,
      vae: ({ before, after, change, reconstructionBefore, reconstructionAfter, klBefore, klAfter }) =>
        `这个批次的 ELBO 从 ${before} 变为 ${after} 奈特（${change}，图像和 ε 都不变）：` +
        `重构项 ${reconstructionBefore} → ${reconstructionAfter}，KL ${klBefore} → ${klAfter}。` +
        '这里的 ELBO 是另一种估计：这些训练图像的平均值，每张图像各用自己的一个 ε，所以它不等于手绘的得分。',
      autoencoder: ({ before, after, change }) =>
        `这个批次的重构项从 ${before} 变为 ${after} 奈特（${change}，图像不变）。` +
        '自编码器的损失只有重构项：不采样 ε，也没有 KL 项。',
      next: '再按“单步”训练下一个批次，或按“继续”从这里接着训练。',
      caption: (vae) => `每张图像的${vae ? ' −ELBO' : '重构项'}（奈特），按批次中的顺序：`,
      terms: ({ vae, reconstruction, kl, worst, cost }) =>
        `每张图像的${vae ? `重构项和 KL 项：平均 ${reconstruction} 和 ${kl} 奈特` : `重构项（自编码器没有 KL 项）：平均 ${reconstruction} 奈特`}；第 ${worst} 张图像代价最高，为 ${cost} 奈特`,
      means: ({ vae, labels, typical, magnify }) =>
        `${vae ? '后验均值' : '编码 z'}：更新前（圆环）→ 更新后（圆点），${labels ? '按标签着色' : '单一颜色（没有标签）'}；典型的${vae ? '均值' : '编码'}移动了 ${typical}` +
        (magnify > 1 ? `，箭头放大 ×${magnify} 画出` : ''),
      images: ({ batch, shown, labels }) =>
        `${shown < batch ? `这个批次 ${batch} 张训练图像中的前 ${shown} 张` : `这个批次的 ${batch} 张训练图像`}${labels ? `，标签依次为 ${labels.join('、')}` : '（没有标签）'}`,
      reconstructions: ({ vae, before, after }) =>
        `它们在训练步之前的重构 p(x|z)${vae ? '（各用自己的 ε）' : ''}：重构项平均每张图像 ${before} 奈特，训练步之后为 ${after}`,
      moves: ({ vae, batch, typical, most, image, label }) =>
        `这个批次的 ${batch} 个${vae ? '后验均值' : '编码'}在这一训练步中于潜在空间图的平面上移动的距离：典型的移动了 ${typical}；` +
        `第 ${image} 张图像${label === null ? '' : `（标签 ${label}）`}的${vae ? '均值' : '编码'}移动最多，移动了 ${most}`,
    },

    samples: ({ count, epoch, ink }) =>
      count === 0 ? '固定的先验样本：还没有；训练时会不断解码同一组 z' : `固定的 z 经训练了 ${epoch} 轮的模型解码出的 ${count} 个样本：${ink}`,

    fieldTitles: {
      beta: 'β 是损失中 KL 项的权重：重构项 + β·KL',
      warmupSteps: 'β 在这么多个优化器训练步内从 0 线性升高到设定值（0：从第一步起就用设定的 β）',
    },

    fields: { latentDim: '潜在维度', batchSize: '批量大小', learningRate: '学习率', beta: 'β', warmupSteps: 'KL 预热步数', epochs: '轮数' },
    refused: ({ field, whole, min, max, given }) =>
      `${field}：需要 ${min} 到 ${max} 之间的${whole ? '整数' : '数'}，${given === null ? '但填入的不是数' : given === '' ? '但这一栏是空的' : `但填入的是 ${given}`}`,
    mnist: 'MNIST（11 MB）',

    start: '开始',
    resume: '继续',

    lastTrained: '上次训练的模型（本浏览器）',
    idle: '空闲。页面从一个预训练模型开始；“开始”会在它的基础上继续训练，“重置为新的随机模型”则从头开始。',
    startingWorker: (data) => `正在启动训练 Worker 并加载 ${data}……`,
    startingStep: (data) => `正在启动训练 Worker 并加载 ${data}，只训练一步……`,
    resuming: '正在继续……',
    oneStep: '正在训练一步……',
    trainingOn: ({ backend, threads }) =>
      `正在 ${backend === 'webgpu' ? 'WebGPU 上训练' : `${backend} 上训练（${threads > 1 ? `${threads} 个线程` : '单核'}）`}……`,
    stepShown: ({ step, epoch }) => `第 ${step} 个训练步已用慢动作完成（已训练 ${epoch} 轮），详见下方。`,
    paused: ' · 已暂停',
    finished: ' · 已完成',
    stopped: (message) => `训练已停止：${message}`,
    progress: ({ epoch, epochs, images, speed, loss, eta, elapsed }) =>
      `${epoch} / ${epochs} 轮 · ${images} 张图像 · ${speed} 张/秒 · ${loss} · 预计还需 ${eta} · 已用 ${elapsed}`,
    loss: ({ objective, reconstruction, kl, beta }) =>
      kl === null ? `损失 ${objective}（只有重构项：自编码器没有 KL 项，也没有 ELBO）` : `损失 ${objective}（重构 ${reconstruction}，KL ${kl}，β ${beta}）`,
    etaPending: '估算中',
    duration: ({ minutes, seconds }) => (minutes ? `${minutes} 分 ${seconds} 秒` : `${seconds} 秒`),

    firstChunk: ({ steps, images, loss }) =>
      `前 ${steps} 个训练步（${images} 张图像）：损失 ${loss} 奈特；全新模型从 543 左右开始（每个像素都像抛硬币），看它怎么降下来`,
    epoch: ({ epoch, elbo, reconstruction, kl }) =>
      elbo === null
        ? `第 ${epoch} 轮：测试重构项 ${reconstruction} 奈特（自编码器没有 KL 项，所以没有 ELBO）`
        : `第 ${epoch} 轮：测试 ELBO ${elbo}（重构 ${reconstruction}，KL ${kl}）`,
    accuracy: ({ percent, images, noun }) => ` · 前 ${images} 张${noun}认对 ${percent} %`,

    trainedModel: ({ kind, latentDim, beta }) =>
      `本页训练 · ${{ conv: '卷积', mlp: 'MLP', cvae: '条件变分自编码器', ae: '自编码器' }[kind] ?? kind}，潜在维度 ${latentDim}${kind === 'ae' || beta === undefined ? '' : `，β ${beta}`}`,
  },
};
