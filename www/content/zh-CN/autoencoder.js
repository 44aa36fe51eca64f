// 当前模型是普通自编码器（种类 "ae"）时主视图上的话的中文（www/content/autoencoder.js 的翻译）：
// 它的编码器给出一个编码 z，而不是一个分布，所以关于 q(z|x)、σ、ε、KL 项和 ELBO 的话换成这些。

export default {
  autoencoder: {
    scoreName: '重构项',
    // 跟在得分后面，得分是以奈特为单位的重构项
    scoreNote: '越低越好 · 自编码器没有 ELBO：它的损失只有这一项',
    refineNote: '自编码器没有可以精修的 q(z|x)：它的编码器只给出一个编码 z。',
    // 接在潜在空间图给读屏软件的名字后面：编码超出 ±4 时，图显示到 ±`extent`
    mapExtent: (extent) => `；编码超出了 ±4，所以坐标轴从 −${extent} 到 ${extent}`,
  },
};
