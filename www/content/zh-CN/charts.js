// 训练图表的中文（www/content/charts.js 的翻译）：画布上的字（图例要短：图例一栏很窄）
// 和画布背后给读屏软件的说明。数字传进来时已经格式化好。

export default {
  charts: {
    empty: '训练时，损失曲线会显示在这里。',
    klPanel: 'KL 项（奈特）及当前的 β',
    epochAxis: (epoch) => `${epoch} 轮`,
    legend: {
      loss: '损失',
      lossSum: '= 重构 + β·KL',
      lossAutoencoder: '损失 = 重构',
      reconstruction: '重构项',
      kl: 'KL 项',
      beta: 'β（右轴）',
      test: '−测试 ELBO',
      testAutoencoder: '测试重构项',
      autoencoder: ['无 KL，无 β：', '自编码器', '没有 KL 项'],
    },
    none: '训练曲线：暂无。',
    autoencoder: ({ epoch, reconstruction }) =>
      `自编码器的训练曲线（已训练 ${epoch} 轮）：重构项 ${reconstruction} 奈特；没有 KL 和 β 曲线（自编码器没有 KL 项）。`,
    vae: ({ epoch, loss, reconstruction, kl, beta, target }) =>
      `训练曲线（已训练 ${epoch} 轮）：损失 ${loss}（重构项 + β·KL），重构项 ${reconstruction}，KL ${kl} 奈特，β ${beta}${target === null ? '' : `，正升向 ${target}`}。`,
    test: ({ epoch, autoencoder, value }) => `第 ${epoch} 轮后的测试：${autoencoder ? '重构项' : '−ELBO'} ${value} 奈特。`,
  },
};
